import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CaseTransition } from '@comity/contracts';
import { CaseRecordsActivities } from '../../apps/worker/src/activities/case-records.activities';
import { testDataSource } from '../support/database';

function transition(caseId: string, seq: number, over: Partial<CaseTransition> = {}): CaseTransition {
  return {
    caseId,
    seq,
    kind: 'mla',
    requestingState: 'GT',
    requestedState: 'MX',
    fromStage: seq === 0 ? null : 'draft',
    toStage: seq === 0 ? 'draft' : 'central_authority_review',
    outcome: null,
    action: seq === 0 ? 'create' : 'submit',
    actorId: null,
    reason: null,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    ...over,
  };
}

describe('projectTransition against PostgreSQL', () => {
  let ds: DataSource;
  let activities: CaseRecordsActivities;

  beforeAll(async () => {
    ds = await testDataSource();
    activities = new CaseRecordsActivities(ds);
  });
  afterAll(() => ds.destroy());

  it('should write the case and one step per transition when replayed by a retry', async () => {
    const caseId = randomUUID();
    await activities.projectTransition(transition(caseId, 0));
    await activities.projectTransition(transition(caseId, 1));
    await activities.projectTransition(transition(caseId, 1));
    await activities.projectTransition(transition(caseId, 0));

    const steps = await ds.query('SELECT seq FROM case_steps WHERE case_id = $1 ORDER BY seq', [caseId]);
    const [row] = await ds.query('SELECT stage, last_seq FROM cases WHERE id = $1', [caseId]);
    expect(steps).toEqual([{ seq: 0 }, { seq: 1 }]);
    expect(row).toEqual({ stage: 'central_authority_review', last_seq: 1 });
  });

  it('should not move a case backwards when an older transition arrives late', async () => {
    const caseId = randomUUID();
    await activities.projectTransition(transition(caseId, 0));
    await activities.projectTransition(transition(caseId, 2, { toStage: 'closed', outcome: 'withdrawn' }));
    await activities.projectTransition(transition(caseId, 1));

    const [row] = await ds.query('SELECT stage, outcome, last_seq FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ stage: 'closed', outcome: 'withdrawn', last_seq: 2 });
  });

  it('should roll back the whole transition when one write fails', async () => {
    const caseId = randomUUID();
    await expect(
      activities.projectTransition(transition(caseId, 0, { action: null as unknown as string })),
    ).rejects.toThrow(/action/);
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM cases WHERE id = $1', [caseId]);
    expect(count).toBe(0);
  });
});
