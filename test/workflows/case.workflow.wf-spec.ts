import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import {
  awaitCreatedUpdate,
  caseWorkflowId,
  getCaseStateQuery,
  submitCaseUpdate,
  withdrawCaseUpdate,
  type CaseTransition,
} from '@comity/contracts';
import { testClient, testWorker } from '../support/temporal';

describe('caseWorkflow on the Temporal dev server', () => {
  let client: Client;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  let closeAll: () => Promise<void>;
  const projected: CaseTransition[] = [];

  beforeAll(async () => {
    const c = await testClient();
    const w = await testWorker({
      projectTransition: async (t: CaseTransition) => {
        projected.push(t);
      },
    });
    client = c.client;
    worker = w.worker;
    taskQueue = w.taskQueue;
    running = worker.run();
    closeAll = async () => {
      worker.shutdown();
      await running;
      await w.close();
      await c.close();
    };
  });
  afterAll(() => closeAll());

  async function startCase() {
    const caseId = randomUUID();
    const handle = await client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue,
      args: [{ caseId, kind: 'mla', requestingState: 'HN', requestedState: 'US' }],
    });
    await handle.executeUpdate(awaitCreatedUpdate);
    return { caseId, handle };
  }

  it('should project every transition with increasing seq when submitted then withdrawn', async () => {
    const { caseId, handle } = await startCase();
    await handle.executeUpdate(submitCaseUpdate, { args: [{ actorId: 'p1' }] });
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actorId: 'p1', reason: 'closed at home' }] });

    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'closed', outcome: 'withdrawn', seq: 3 });
    const mine = projected.filter((t) => t.caseId === caseId);
    expect(mine.map((t) => [t.seq, t.fromStage, t.toStage])).toEqual([
      [0, null, 'draft'],
      [1, 'draft', 'central_authority_review'],
      [2, 'central_authority_review', 'closed'],
    ]);
  });

  it('should reject an action in the wrong stage before it enters history', async () => {
    const { handle } = await startCase();
    await handle.executeUpdate(submitCaseUpdate, { args: [{ actorId: 'p1' }] });
    const before = (await handle.fetchHistory()).events?.length ?? 0;

    await expect(handle.executeUpdate(submitCaseUpdate, { args: [{ actorId: 'p1' }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );

    const history = await handle.fetchHistory();
    expect(history.events?.length).toBe(before);
    expect(await handle.query(getCaseStateQuery)).toMatchObject({ stage: 'central_authority_review', seq: 2 });
  });

  it('should let exactly one of two concurrent conflicting decisions win', async () => {
    const { handle } = await startCase();
    const results = await Promise.allSettled([
      handle.executeUpdate(submitCaseUpdate, { args: [{ actorId: 'a' }] }),
      handle.executeUpdate(withdrawCaseUpdate, { args: [{ actorId: 'b', reason: 'no longer needed' }] }),
      handle.executeUpdate(submitCaseUpdate, { args: [{ actorId: 'c' }] }),
    ]);
    const state = await handle.query(getCaseStateQuery);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    // Either withdraw won (then no submit could follow from draft twice), or a submit won and
    // withdraw followed it; never two submits.
    const submits = results.filter((r, i) => r.status === 'fulfilled' && i !== 1);
    expect(submits.length).toBeLessThanOrEqual(1);
    expect(fulfilled.length).toBe(state.seq - 1);
  });
});
