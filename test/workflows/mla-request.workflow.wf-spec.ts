import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import {
  CaseFailureType,
  getCaseStateQuery,
  KEYED_UPDATE_PREFIX,
  performActionUpdate,
  type MlaStage,
} from '@comity/contracts';
import { ACTORS, act, deadline, drive, FakeMlaActivities, recordHistory, startMla, failureType } from '../support/mla';
import { workerForSuite } from '../support/temporal';
import { eventually } from '../support/eventually';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mlaRequestWorkflow on the Temporal dev server', () => {
  const fake = new FakeMlaActivities();

  const suite = workerForSuite(() => fake.activities());
  beforeEach(() => {
    fake.plan = {};
    fake.assessment = { ...fake.assessment, complete: true, missing: [], translationRequired: true };
  });

  it('should carry a request from draft to closure as executed with two supplementary rounds and partial responses', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, 'under_execution');
    for (const round of [1, 2]) {
      await act(handle, 'request_supplementary_information', ACTORS.usCentral, { reason: `Question ${round}` });
      await act(handle, 'answer_supplementary_information', ACTORS.prosecutor, { reason: `Answer ${round}` });
    }
    await act(handle, 'record_partial_response', ACTORS.usCentral);
    await act(handle, 'record_partial_response', ACTORS.usCentral);
    await act(handle, 'record_final_response', ACTORS.usCentral, { result: 'partially_executed' });
    const closed = await act(handle, 'close', ACTORS.prosecutor);

    expect(closed).toMatchObject({ stage: 'closed', outcome: 'partially_executed', supplementaryRounds: 2, partialResponses: 2 });
    expect(fake.of(caseId).map((t) => t.toStage)).toEqual([
      'draft', 'central_authority_review', 'translation', 'ready_to_transmit', 'transmitted', 'acknowledged',
      'under_execution', 'supplementary_information', 'under_execution', 'supplementary_information',
      'under_execution', 'under_execution', 'under_execution', 'responded', 'closed',
    ]);
    expect(fake.of(caseId).map((t) => t.seq)).toEqual([...Array(15).keys()]);
    expect(fake.of(caseId).find((t) => t.toStage === 'transmitted')?.holder).toMatchObject({ side: 'requested', jurisdiction: 'US' });
    // The rules are asked only where a stage starts a clock (the MLA machine's triggers).
    expect(fake.plansAsked.filter((p) => p.caseId === caseId).map((p) => p.stage)).toEqual([
      'central_authority_review', 'transmitted', 'supplementary_information', 'supplementary_information',
    ]);
    await handle.result();
    await recordHistory(handle, 'executed-with-two-supplementary-rounds');
  });

  it("should plan a request's neededBy once, when the case is opened, and keep it through stages without a clock", async () => {
    fake.plan = {
      draft: (at) => [deadline('needed-by', at, 3_600_000, { activeInStages: ['draft', 'central_authority_review'] })],
    };
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue, { draft: { reference: 'TEST-2', summary: 'Bank records', neededBy: '2031-01-31' } });
    await act(handle, 'submit', ACTORS.prosecutor);
    const returned = await act(handle, 'return', ACTORS.hnCentral, { reason: 'Add the statute' });

    expect(fake.plansAsked.filter((p) => p.caseId === caseId).map((p) => p.stage)).toEqual(['draft', 'central_authority_review']);
    expect(returned.deadlines.map((d) => d.key)).toEqual(['needed-by']);
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
  });

  it('should skip translation when the rules say the requested state reads the language', async () => {
    fake.assessment = { ...fake.assessment, translationRequired: false };
    const { handle } = await startMla(suite.client, suite.taskQueue);
    await act(handle, 'submit', ACTORS.prosecutor);
    expect(await act(handle, 'approve', ACTORS.hnCentral)).toMatchObject({ stage: 'ready_to_transmit' });
  });

  it('should go through internal review when the office asks for it', async () => {
    const { handle } = await startMla(suite.client, suite.taskQueue, { internalReview: true });
    expect(await act(handle, 'submit', ACTORS.prosecutor)).toMatchObject({ stage: 'internal_review' });
    expect(await act(handle, 'internal_approve', ACTORS.hnSupervisor)).toMatchObject({ stage: 'central_authority_review' });
  });

  it('should return a request with reasons and accept it resubmitted', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await act(handle, 'submit', ACTORS.prosecutor);
    await act(handle, 'return', ACTORS.hnCentral, { reason: 'Add the statutes' });
    await act(handle, 'edit_draft', ACTORS.prosecutor, { draft: { legalProvisions: 'Art. 1' } });
    const resubmitted = await act(handle, 'submit', ACTORS.prosecutor);

    expect(resubmitted).toMatchObject({ stage: 'central_authority_review', draft: { legalProvisions: 'Art. 1', reference: 'TEST-1' } });
    expect(fake.of(caseId).find((t) => t.action === 'return')).toMatchObject({ reason: 'Add the statutes', toStage: 'draft' });
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
    await recordHistory(handle, 'returned-and-resubmitted');
  });

  it('should close as rejected when the central authority rejects it', async () => {
    const { handle } = await startMla(suite.client, suite.taskQueue);
    await act(handle, 'submit', ACTORS.prosecutor);
    expect(await act(handle, 'reject', ACTORS.hnCentral, { reason: 'No legal basis' })).toMatchObject({
      stage: 'closed',
      outcome: 'rejected',
    });
  });

  it('should close as refused with grounds when the requested state refuses', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, 'under_execution');
    const refused = await act(handle, 'refuse', ACTORS.usCentral, { reason: 'Essential interests (art. 9)' });

    expect(refused).toMatchObject({ stage: 'closed', outcome: 'refused' });
    expect(fake.of(caseId).at(-1)).toMatchObject({ action: 'refuse', reason: 'Essential interests (art. 9)' });
    await recordHistory(handle, 'refused');
  });

  it.each<Exclude<MlaStage, 'closed'>>([
    'draft', 'central_authority_review', 'translation', 'ready_to_transmit', 'transmitted', 'acknowledged',
    'under_execution', 'supplementary_information', 'responded',
  ])('should allow withdrawal in stage %s', async (stage) => {
    const { handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, stage);
    expect(await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'No longer needed' })).toMatchObject({
      stage: 'closed',
      outcome: 'withdrawn',
    });
    // Refused by the validator while the workflow finishes, or as "already completed" after.
    await expect(act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'again' })).rejects.toThrow(
      /already completed|Update failed/,
    );
  });

  it('should refuse a wrong stage, a wrong role and missing data before they enter history', async () => {
    const { handle } = await startMla(suite.client, suite.taskQueue);
    const before = (await handle.fetchHistory()).events?.length;

    expect(await failureType(act(handle, 'approve', ACTORS.hnCentral))).toBe(CaseFailureType.WRONG_STAGE);
    expect(await failureType(act(handle, 'submit', ACTORS.usCentral))).toBe(CaseFailureType.FORBIDDEN_ACTION);
    expect(await failureType(act(handle, 'withdraw', ACTORS.prosecutor))).toBe(CaseFailureType.INVALID_INPUT);

    expect((await handle.fetchHistory()).events?.length).toBe(before);
    expect(await handle.query(getCaseStateQuery)).toMatchObject({ stage: 'draft', seq: 1 });
  });

  it('should refuse to submit an incomplete request and name the missing fields', async () => {
    fake.assessment = { ...fake.assessment, complete: false, missing: [{ field: 'factsSummary', reason: 'required by art. 26' }] };
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    const err = await act(handle, 'submit', ACTORS.prosecutor).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(CaseFailureType.INCOMPLETE_REQUEST);
    expect(cause.details?.[0]).toEqual({ missing: [{ field: 'factsSummary', reason: 'required by art. 26' }] });
    expect(fake.of(caseId).map((t) => t.toStage)).toEqual(['draft']);
  });

  it('should let exactly one of two concurrent conflicting decisions win', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await act(handle, 'submit', ACTORS.prosecutor);
    const results = await Promise.allSettled([
      act(handle, 'approve', ACTORS.hnCentral),
      act(handle, 'return', ACTORS.hnCentral, { reason: 'Incomplete' }),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: CaseFailureType.WRONG_STAGE });
    expect(fake.of(caseId)).toHaveLength(3);
  });

  it('should remind before a deadline, escalate when it is breached, and mark the case overdue', async () => {
    fake.plan = {
      central_authority_review: (at) => [
        deadline('review_target', at, 2500, { remindAt: new Date(at + 800).toISOString(), activeInStages: ['central_authority_review'] }),
      ],
    };
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await act(handle, 'submit', ACTORS.prosecutor);

    const events = await eventually(() => fake.events.filter((e) => e.caseId === caseId), (e) => e.length >= 2);
    expect(events.map((e) => [e.deadlineKey, e.kind])).toEqual([
      ['review_target', 'reminder'],
      ['review_target', 'escalation'],
    ]);
    expect(Date.parse(events[1].at)).toBeGreaterThanOrEqual(Date.parse(events[1].dueAt));
    expect(await handle.query(getCaseStateQuery)).toMatchObject({ overdue: true, stage: 'central_authority_review' });
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
    await recordHistory(handle, 'escalated');
  });

  it('should re-arm the timer when a supervisor extends a deadline with a reason', async () => {
    fake.plan = {
      central_authority_review: (at) => [deadline('review_target', at, 1500, { activeInStages: ['central_authority_review'] })],
    };
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    const submitted = await act(handle, 'submit', ACTORS.prosecutor);
    const newDueAt = new Date(Date.parse(submitted.deadlines[0].dueAt) + 2500).toISOString();

    expect(await failureType(act(handle, 'extend_deadline', ACTORS.hnSupervisor, { deadlineKey: 'review_target', newDueAt }))).toBe(
      CaseFailureType.INVALID_INPUT,
    );
    await act(handle, 'extend_deadline', ACTORS.hnSupervisor, { deadlineKey: 'review_target', newDueAt, reason: 'Holiday backlog' });
    await sleep(2000);
    expect(fake.events.filter((e) => e.caseId === caseId)).toEqual([]);

    const events = await eventually(() => fake.events.filter((e) => e.caseId === caseId), (e) => e.length >= 1);
    expect(events).toEqual([expect.objectContaining({ kind: 'escalation', dueAt: newDueAt })]);
    expect(fake.of(caseId).find((t) => t.action === 'extend_deadline')).toMatchObject({ reason: 'Holiday backlog' });
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
    await recordHistory(handle, 'deadline-extended');
  });

  it('should stop the execution clock while supplementary information is awaited', async () => {
    // Planned where the rules start it (transmission), running through execution.
    fake.plan = {
      transmitted: (at) => [
        deadline('response_target', at, 60_000, {
          activeInStages: ['transmitted', 'acknowledged', 'under_execution'],
          pausedInStages: ['supplementary_information'],
        }),
      ],
    };
    const { handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, 'under_execution');
    const started = await handle.query(getCaseStateQuery);
    await act(handle, 'request_supplementary_information', ACTORS.usCentral, { reason: 'Which period?' });
    await sleep(1500);
    const resumed = await act(handle, 'answer_supplementary_information', ACTORS.prosecutor, { reason: '2024' });

    const shift = Date.parse(resumed.deadlines[0].dueAt) - Date.parse(started.deadlines[0].dueAt);
    expect(resumed.deadlines[0].status).toBe('pending');
    expect(shift).toBeGreaterThanOrEqual(1400);
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
  });

  it('should lapse when supplementary information is not answered in time', async () => {
    fake.plan = {
      supplementary_information: (at) => [
        deadline('supplementary_answer', at, 1500, { onBreach: 'lapse', activeInStages: ['supplementary_information'] }),
      ],
    };
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    await drive(handle, 'supplementary_information');

    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'closed', outcome: 'lapsed' });
    expect(fake.of(caseId).at(-1)).toMatchObject({ action: 'lapse', actorId: null, toStage: 'closed' });
    await recordHistory(handle, 'lapsed');
  });

  it('should keep every update across continue-as-new', async () => {
    const { handle } = await startMla(suite.client, suite.taskQueue);
    const edits = Array.from({ length: 30 }, (_, i) => i);
    for (const i of edits) await act(handle, 'edit_draft', ACTORS.prosecutor, { draft: { [`purpose`]: `v${i}` } });
    const state = await handle.query(getCaseStateQuery);

    expect(state).toMatchObject({ seq: 31, draft: { purpose: 'v29', reference: 'TEST-1' } });
    const runs = await suite.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` });
    let count = 0;
    for await (const _ of runs) count += 1;
    expect(count).toBeGreaterThan(1);
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
  });

  it('should answer a keyed action repeated after continue-as-new instead of taking it again', async () => {
    const { caseId, handle } = await startMla(suite.client, suite.taskQueue);
    const keyed = (i: number, updateId: string) =>
      handle.executeUpdate(performActionUpdate, {
        args: [{ action: 'edit_draft', actor: ACTORS.prosecutor, draft: { purpose: `v${i}` } }],
        updateId,
      });
    const first = `${KEYED_UPDATE_PREFIX}${randomUUID()}`;
    await keyed(0, first);
    const { runId } = await handle.describe();
    // Keyed edits until the case continues as new (the test server suggests it every ~40 events).
    for (let i = 1; (await handle.describe()).runId === runId; i += 1) await keyed(i, `${KEYED_UPDATE_PREFIX}${randomUUID()}`);
    const before = fake.of(caseId).length;

    const repeat = await keyed(0, first);
    expect(fake.of(caseId)).toHaveLength(before);
    expect(repeat.draft.purpose).not.toBe('v0');
    // An unkeyed edit is still taken (control).
    await act(handle, 'edit_draft', ACTORS.prosecutor, { draft: { purpose: 'v0' } });
    expect(fake.of(caseId)).toHaveLength(before + 1);
    await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'done' });
  });
});
