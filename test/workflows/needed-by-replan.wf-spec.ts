import type { Client } from '@temporalio/client';
import { MLA_STAGES } from '@comity/contracts';
import { ACTORS, act, deadline, FakeMlaActivities, recordHistory, startMla } from '../support/mla';
import { runningTestWorker } from '../support/temporal';

// Issue #13: a request's neededBy date is a deadline of its own, planned where the date first
// appears. A returned draft whose date the prosecutor changes gets the new date's deadline when
// it is resubmitted (behind patched('2026-11-needed-by-replanned'); histories from before kept the
// first date, and replay: test/replay). The recorded history is test/replay/histories/
// mlaRequestWorkflow/needed-by-changed.*.json (RECORD_HISTORIES=1).
describe('a changed neededBy date on the Temporal dev server', () => {
  const fake = new FakeMlaActivities();
  let client: Client;
  let taskQueue: string;
  let closeAll: () => Promise<void>;

  beforeAll(async () => {
    ({ client, taskQueue, close: closeAll } = await runningTestWorker(fake.activities()));
  });
  afterAll(() => closeAll());

  it('should move the neededBy deadline to the date a returned draft was resubmitted with', async () => {
    // The rules' neededBy deadline, as the worker plans it: due at the end of the date, named by it.
    const neededBy = (at: number, draft: { neededBy?: string }) =>
      draft.neededBy
        ? [
            deadline('needed-by', at, Date.parse(`${draft.neededBy}T23:59:59.999Z`) - at, {
              label: `Needed by ${draft.neededBy}`,
              activeInStages: MLA_STAGES.filter((stage) => stage !== 'closed'),
            }),
          ]
        : [];
    fake.plan = {
      draft: (at, _events, draft) => neededBy(at, draft),
      central_authority_review: (at, _events, draft) => neededBy(at, draft),
    };
    const { handle } = await startMla(client, taskQueue, {
      draft: { reference: 'TEST-NB', summary: 'Bank records', neededBy: '2031-01-31' },
    });
    const dueOf = (s: { deadlines: { key: string; dueAt: string }[] }) =>
      s.deadlines.find((d) => d.key === 'needed-by')?.dueAt;

    expect(dueOf(await act(handle, 'submit', ACTORS.prosecutor))).toBe('2031-01-31T23:59:59.999Z');
    await act(handle, 'return', ACTORS.hnCentral, { reason: 'The date is wrong' });
    const edited = await act(handle, 'edit_draft', ACTORS.prosecutor, { draft: { neededBy: '2031-03-15' } });
    // Editing plans nothing: the draft stage starts no clock.
    expect(dueOf(edited)).toBe('2031-01-31T23:59:59.999Z');
    const resubmitted = await act(handle, 'submit', ACTORS.prosecutor);
    expect(dueOf(resubmitted)).toBe('2031-03-15T23:59:59.999Z');
    expect(resubmitted.deadlines.filter((d) => d.key === 'needed-by')).toHaveLength(1);
    // The same date on the next plan changes nothing.
    await act(handle, 'return', ACTORS.hnCentral, { reason: 'Add the statute' });
    expect(dueOf(await act(handle, 'submit', ACTORS.prosecutor))).toBe('2031-03-15T23:59:59.999Z');

    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
    await recordHistory(handle, 'needed-by-changed');
  });
});
