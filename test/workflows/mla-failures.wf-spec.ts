import {
  WithStartWorkflowOperation,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  ActivityFailureType,
  awaitCreatedUpdate,
  beginActionUpdate,
  CaseFailureType,
  caseWorkflowId,
  getCaseStateQuery,
  MLA_WORKFLOW_TYPE,
  noteReceivedSignal,
  type CaseTransition,
} from '@comity/contracts';
import type { MlaActivities } from '../../workflows/src/mla-request/mla-request.activities';
import { ACTORS, act, drive, FakeMlaActivities, mlaInput, recordHistory, startMla } from '../support/mla';
import { workerForSuite } from '../support/temporal';

// Activity failures, classified: a permanent one refuses the action at once and a transient one
// after a bounded retry, and in both cases the case is unchanged and goes on working.

/** Decides, per projection, whether it fails and how; null lets it through. */
type Fault = (t: CaseTransition) => Error | null;

const permanent = () =>
  ApplicationFailure.nonRetryable('database error 22021', ActivityFailureType.INVALID_DATA);
const transient = () => ApplicationFailure.retryable('connection terminated', ActivityFailureType.TRANSIENT);

async function refusal(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mlaRequestWorkflow when its activities fail', () => {
  const fake = new FakeMlaActivities();
  let fault: Fault = () => null;
  let slow: (t: CaseTransition) => number = () => 0;
  const attempts = new Map<string, number>();
  const basisPlanned: (string | null)[] = [];

  function activities(): MlaActivities {
    const base = fake.activities();
    return {
      ...base,
      projectTransition: async (t) => {
        const key = `${t.caseId}:${t.seq}:${t.action}`;
        attempts.set(key, (attempts.get(key) ?? 0) + 1);
        const err = fault(t);
        if (err) throw err;
        const ms = slow(t);
        if (ms) await sleep(ms);
        return base.projectTransition(t);
      },
      planDeadlines: async (i) => {
        basisPlanned.push(i.basisId);
        return base.planDeadlines(i);
      },
      planCaseDeadlines: async (i) => {
        basisPlanned.push(i.basisId);
        return base.planCaseDeadlines(i);
      },
    };
  }

  const suite = workerForSuite(() => activities());
  beforeEach(() => {
    slow = () => 0;
    fault = () => null;
    fake.plan = {};
  });

  it('should refuse an action the records refuse for good, at once, and leave the case as it was', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    fault = (t) => (t.action === 'edit_draft' && t.draft.purpose === 'poison' ? permanent() : null);

    const cause = await refusal(
      act(handle, 'edit_draft', ACTORS.prosecutor, { draft: { purpose: 'poison' } }),
    );
    expect(cause.type).toBe(CaseFailureType.UNPROCESSABLE);
    expect(cause.message).toContain('22021');
    expect(attempts.get(`${caseId}:1:edit_draft`)).toBe(1);

    const state = await handle.query(getCaseStateQuery);
    expect(state).toMatchObject({ stage: 'draft', seq: 1, lastProjectedSeq: 0 });
    expect(state.draft.purpose).toBeUndefined();

    // Later actions work, and take the next sequence number.
    await act(handle, 'edit_draft', ACTORS.prosecutor, { draft: { purpose: 'fine' } });
    await act(handle, 'submit', ACTORS.prosecutor);
    expect(fake.of(caseId).map((t) => [t.seq, t.action])).toEqual([
      [0, 'create'],
      [1, 'edit_draft'],
      [2, 'submit'],
    ]);
  });

  it('should retry a transient failure a bounded number of times, then refuse with the case unchanged', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, 'central_authority_review');
    fault = (t) => (t.action === 'approve' ? transient() : null);

    const started = Date.now();
    const cause = await refusal(act(handle, 'approve', ACTORS.hnCentral));
    expect(cause.type).toBe(CaseFailureType.UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(attempts.get(`${caseId}:2:approve`)).toBe(8);

    // Not applied: still in review, and the read model was never told otherwise.
    expect(await handle.query(getCaseStateQuery)).toMatchObject({
      stage: 'central_authority_review',
      lastProjectedSeq: 1,
    });

    // Once the records are back, the same action works; its number skips the one in doubt.
    fault = () => null;
    const approved = await act(handle, 'approve', ACTORS.hnCentral);
    expect(approved).toMatchObject({ stage: 'translation', lastProjectedSeq: 3, seq: 4 });
    expect(fake.of(caseId).map((t) => t.seq)).toEqual([0, 1, 3]);
  });

  it('should end a case whose creation the records refuse for good, and say why', async () => {
    fault = (t) => (t.action === 'create' ? permanent() : null);
    const input = mlaInput();
    // As the api opens cases: the update rides on the start, so it is there before any failure.
    const start = new WithStartWorkflowOperation(MLA_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(input.caseId),
      taskQueue: suite.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const err = await suite.client.workflow
      .executeUpdateWithStart(awaitCreatedUpdate, { args: [{}], startWorkflowOperation: start })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((err as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      CaseFailureType.UNPROCESSABLE,
    );
    const ended = await (await start.workflowHandle()).result().then(
      () => null,
      (e: unknown) => e,
    );
    expect(ended).toBeInstanceOf(WorkflowFailedError);
    expect(((ended as WorkflowFailedError).cause as ApplicationFailure).type).toBe(
      CaseFailureType.UNPROCESSABLE,
    );
  });

  it('should record a notice that arrived while the records were unreachable once they are back', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    fault = (t) => (t.action === 'note_received' ? transient() : null);
    await handle.signal(noteReceivedSignal, {
      note: 'Documents received by pouch',
      actorId: ACTORS.prosecutor.userId,
    });
    for (let i = 0; i < 100 && (await handle.query(getCaseStateQuery)).pendingNotes.length === 0; i++)
      await sleep(200);
    expect((await handle.query(getCaseStateQuery)).pendingNotes).toHaveLength(1);

    fault = () => null;
    for (let i = 0; i < 150 && !fake.of(caseId).some((t) => t.action === 'note_received'); i++)
      await sleep(200);
    expect(fake.of(caseId).find((t) => t.action === 'note_received')).toMatchObject({
      reason: 'Documents received by pouch',
    });
    expect((await handle.query(getCaseStateQuery)).pendingNotes).toEqual([]);
  });

  it('should plan deadlines from the basis chosen at submission after continue-as-new, whatever the rules say later', async () => {
    fake.assessment = { ...fake.assessment, basisId: 'ia-mla-1992' };
    const { handle } = await startMla(suite.client, suite.taskQueue, { draft: { reference: 'CAN-1' } });
    await drive(handle, 'ready_to_transmit');
    // The rules data changes: a new submission would now choose another instrument.
    fake.assessment = { ...fake.assessment, basisId: 'uncac-2003' };
    // Enough history for the test server (suggests continue-as-new at 40 events) to start a new run.
    for (let i = 0; i < 15; i++)
      await handle.signal(noteReceivedSignal, { note: `note ${i}`, actorId: ACTORS.hnCentral.userId });
    for (let i = 0; i < 100 && (await handle.query(getCaseStateQuery)).seq < 19; i++) await sleep(100);
    const runs = suite.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` });
    let count = 0;
    for await (const _ of runs) count += 1;
    expect(count).toBeGreaterThan(1);

    basisPlanned.length = 0;
    await act(handle, 'transmit', ACTORS.hnCentral);
    expect(basisPlanned).toEqual(['ia-mla-1992']);
    expect(await handle.query(getCaseStateQuery)).toMatchObject({
      stage: 'transmitted',
      basisId: 'ia-mla-1992',
    });
    await act(handle, 'withdraw', ACTORS.hnCentral, { reason: 'done' });
    await expect(handle.result()).resolves.toMatchObject({ outcome: 'withdrawn' });
  });

  it('should let a decision that arrives while the previous one is being recorded wait for it, not refuse it', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, 'under_execution');
    slow = (t) => (t.action === 'record_final_response' ? 1_500 : 0);
    const first = act(handle, 'record_final_response', ACTORS.usCentral, { result: 'executed' });
    // The read model may already show "responded" here; the workflow has not adopted it yet.
    for (let i = 0; i < 50 && !(await handle.query(getCaseStateQuery)).seq; i++) await sleep(20);
    await sleep(300);
    const closed = await act(handle, 'close', ACTORS.prosecutor);
    await first;
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'executed' });
    expect(
      fake
        .of(caseId)
        .slice(-2)
        .map((t) => t.action),
    ).toEqual(['record_final_response', 'close']);
  });

  describe('a decision answered before its projection commits (beginAction, as the api takes them)', () => {
    const begin = (handle: Parameters<typeof act>[0], updateId: string, action: string, actor: (typeof ACTORS)[keyof typeof ACTORS]) =>
      handle.executeUpdate(beginActionUpdate, { args: [{ action, actor }], updateId });

    it('should answer with the snapshot to come while the projection is still running, and adopt it once committed', async () => {
      const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
      await drive(handle, 'central_authority_review');
      slow = (t) => (t.action === 'approve' ? 1_500 : 0);
      const started = Date.now();
      const answer = await begin(handle, 'approve-1', 'approve', ACTORS.hnCentral);
      expect(Date.now() - started).toBeLessThan(1_400);
      expect(answer).toMatchObject({ stage: 'translation', lastProjectedSeq: 2, seq: 3 });
      // Not committed yet, and not adopted: the workflow still stands where the records do.
      expect(fake.of(caseId).map((t) => t.action)).not.toContain('approve');
      expect(await handle.query(getCaseStateQuery)).toMatchObject({ stage: 'central_authority_review', lastProjectedSeq: 1 });
      // A decision sent meanwhile waits for it instead of being refused for the stage.
      const next = await act(handle, 'record_translation', ACTORS.hnCentral);
      expect(next).toMatchObject({ stage: 'ready_to_transmit', lastProjectedSeq: 3 });
      expect(fake.of(caseId).map((t) => [t.seq, t.action])).toEqual([
        [0, 'create'],
        [1, 'submit'],
        [2, 'approve'],
        [3, 'record_translation'],
      ]);
      await begin(handle, 'transmit-1', 'transmit', ACTORS.hnCentral);
      await act(handle, 'withdraw', ACTORS.hnCentral, { reason: 'done' });
      await expect(handle.result()).resolves.toMatchObject({ outcome: 'withdrawn', lastProjectedSeq: 5 });
      await recordHistory(handle, 'early-answered-decisions');
    });

    it('should keep a refusal that comes after the answer for its caller, under the Update id, with the case unchanged', async () => {
      const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
      await drive(handle, 'central_authority_review');
      fault = (t) => (t.action === 'approve' ? permanent() : null);
      const answer = await begin(handle, 'approve-refused', 'approve', ACTORS.hnCentral);
      expect(answer).toMatchObject({ stage: 'translation', lastProjectedSeq: 2 });
      let state = await handle.query(getCaseStateQuery);
      for (let i = 0; i < 100 && !state.refusedDecisions?.length; i++) {
        await sleep(50);
        state = await handle.query(getCaseStateQuery);
      }
      expect(state.refusedDecisions).toEqual([
        { updateId: 'approve-refused', type: CaseFailureType.UNPROCESSABLE, message: expect.stringContaining('22021') },
      ]);
      expect(state).toMatchObject({ stage: 'central_authority_review', lastProjectedSeq: 1 });
      // The case goes on: the same decision, once the records take it, is taken.
      fault = () => null;
      await begin(handle, 'approve-2', 'approve', ACTORS.hnCentral);
      for (let i = 0; i < 100 && !fake.of(caseId).some((t) => t.action === 'approve'); i++) await sleep(50);
      expect(fake.of(caseId).filter((t) => t.action === 'approve')).toHaveLength(1);
    });

    it('should refuse as before what is refused before the projection is scheduled', async () => {
      const { handle } = await startMla(suite.client, suite.taskQueue);
      const cause = await refusal(begin(handle, 'approve-early', 'approve', ACTORS.hnCentral));
      expect(cause.type).toBe(CaseFailureType.WRONG_STAGE);
    });
  });
});
