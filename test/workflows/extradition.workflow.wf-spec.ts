import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { tsToMs } from '@temporalio/common/lib/time';
import { CaseFailureType, caseWorkflowId, getCaseStateQuery, type CaseSnapshot } from '@comity/contracts';
import { EXTRADITION_ACTORS as A, startCase, steps, TO_TRANSMITTED, TRANSMISSION } from '../support/extradition';
import { act, deadline, FakeMlaActivities, recordHistory, failureType } from '../support/mla';
import { workerForSuite } from '../support/temporal';
import { eventually as until } from '../support/eventually';

// Every extradition path on the kernel, against the real dev server with fake activities; the
// finished scenarios are saved as replay histories of caseWorkflow (npm run histories:record).

// Durations (ms) of the timers a case started, over all its runs (it continues-as-new in tests).
async function timersOf(client: Client, handle: WorkflowHandleWithFirstExecutionRunId): Promise<number[]> {
  const started: number[] = [];
  for (let runId: string | null | undefined = handle.firstExecutionRunId; runId; ) {
    const history: History = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    for (const e of events) {
      if (e.timerStartedEventAttributes) started.push(tsToMs(e.timerStartedEventAttributes.startToFireTimeout));
    }
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return started;
}

const SURRENDER = { surrenderedAt: '2027-01-20T14:00:00Z', place: 'AICM', escorts: ['US Marshals Service'] };

describe('caseWorkflow running the extradition machine', () => {
  const fake = new FakeMlaActivities();

  const suite = workerForSuite(() => fake.activities());
  beforeEach(() => {
    fake.plan = {};
    fake.unconfirmed = {};
    fake.assessment = { ...fake.assessment, complete: true, missing: [], translationRequired: false, basisId: 'us-mx-extradition-1978' };
  });

  it('should carry a US request through provisional arrest in MX, the judge, the SRE, the amparo window and surrender', async () => {
    // The amparo window closes by itself (no amparo filed): surrender follows (LEI art. 33).
    fake.plan.amparo_window = (at) => [deadline('amparo-window', at, 1500, { activeInStages: ['amparo_window'], onBreach: 'transition' })];
    const { caseId, handle } = await startCase(suite.client, suite.taskQueue);
    await steps(handle, TO_TRANSMITTED);
    await steps(handle, [
      ['record_arrest', A.mxCentral, { arrestedAt: '2026-12-03T06:40:00Z', place: 'Ciudad de México' }],
      ['transmit_formal_request', A.usCentral, { transmission: { ...TRANSMISSION, referenceNumber: 'DOS-LEI-0190' } }],
      ['admit_request', A.mxCentral],
      ['record_objections', A.mxCentral, { reason: 'Mistaken identity' }],
      ['record_judge_opinion', A.mxCentral, { opinion: 'favourable' }],
      ['grant', A.mxCentral],
    ]);
    const surrendering = await until(() => handle.query(getCaseStateQuery), (s) => s.stage === 'surrender_pending');
    expect(surrendering.stage).toBe('surrender_pending');
    const monitored = await steps(handle, [['record_surrender', A.mxCentral, SURRENDER]]);
    expect(monitored).toMatchObject({ stage: 'specialty_monitoring', facts: { surrender: SURRENDER } });
    const closed = await act(handle, 'close', A.usCentral);

    expect(closed).toMatchObject({ stage: 'closed', outcome: 'surrendered' });
    expect(fake.of(caseId).map((t) => t.toStage)).toEqual([
      'draft', 'central_authority_review', 'ready_to_transmit', 'provisional_arrest_requested', 'awaiting_formal_request',
      'formal_request_received', 'objections', 'objection_evidence', 'executive_decision', 'amparo_window',
      'surrender_pending', 'specialty_monitoring', 'closed',
    ]);
    const transitions = fake.of(caseId);
    expect(transitions.find((t) => t.action === 'transmit')).toMatchObject({ visibility: 'shared', details: { transmission: TRANSMISSION } });
    expect(transitions.find((t) => t.action === 'amparo_window_closed')).toMatchObject({ actorId: null, toStage: 'surrender_pending' });
    expect(transitions.find((t) => t.toStage === 'awaiting_formal_request')?.holder).toMatchObject({ side: 'requesting', jurisdiction: 'US' });
    await recordHistory(handle, 'mx-provisional-arrest-to-surrender', 'caseWorkflow');
  });

  it('should start the formal-request window at the arrest date, alert 15/7/2 days ahead once each, and on expiry put release before MX without closing', async () => {
    let planned: Record<string, string> = {};
    fake.plan.awaiting_formal_request = (at, events) => {
      planned = events;
      return [
        deadline('formal-request', at, 3000, {
          activeInStages: ['awaiting_formal_request'],
          remindAt: new Date(at + 600).toISOString(),
          alerts: [new Date(at + 1200).toISOString(), new Date(at + 1800).toISOString()],
          onBreach: 'prompt-decision',
        }),
      ];
    };
    const { caseId, handle } = await startCase(suite.client, suite.taskQueue);
    await steps(handle, TO_TRANSMITTED);
    await act(handle, 'record_arrest', A.mxCentral, { arrestedAt: '2026-12-03T06:40:00Z', place: 'Tijuana' });
    expect(planned).toEqual({ 'provisional-arrest': '2026-12-03T06:40:00Z', 'provisional-arrest-notified': '2026-12-03T06:40:00Z' });

    const lapsed = await until(() => handle.query(getCaseStateQuery), (s) => s.stage === 'release_decision');
    expect(lapsed).toMatchObject({ stage: 'release_decision', outcome: null, holder: { side: 'requested', jurisdiction: 'MX' } });
    const events = fake.events.filter((e) => e.caseId === caseId);
    expect(events.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'reminder', 'escalation']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
    expect(events.every((e) => e.counterpart?.jurisdiction === 'MX' && e.holder.jurisdiction === 'US')).toBe(true);
    expect(fake.of(caseId).at(-1)).toMatchObject({ action: 'formal_request_window_lapsed', visibility: 'shared' });

    await act(handle, 'record_release', A.mxCentral, { reason: 'No formal request within 60 days (CPEUM art. 119)' });
    // A later formal request remains possible.
    const late = await act(handle, 'transmit_formal_request', A.usCentral, { transmission: TRANSMISSION });
    expect(late).toMatchObject({ stage: 'formal_request_received' });
    expect(fake.of(caseId).at(-1)).toMatchObject({ details: { late: true } });
    await act(handle, 'withdraw', A.usProsecutor, { reason: 'Charges dropped' });
    await recordHistory(handle, 'formal-request-window-lapsed', 'caseWorkflow');
  });

  it('should fire the alerts already past when the arrest is recorded late in one workflow task, not one timer apart', async () => {
    // Two of the three alerts are past at the stage's entry, as several fall due at once when a
    // worker comes back after a crash.
    fake.plan.awaiting_formal_request = (at) => [
      deadline('formal-request', at, 3000, {
        activeInStages: ['awaiting_formal_request'],
        remindAt: new Date(at - 1200).toISOString(),
        alerts: [new Date(at - 600).toISOString(), new Date(at + 1500).toISOString()],
        onBreach: 'prompt-decision',
      }),
    ];
    const { caseId, handle } = await startCase(suite.client, suite.taskQueue);
    await steps(handle, TO_TRANSMITTED);
    await act(handle, 'record_arrest', A.mxCentral, { arrestedAt: '2026-12-03T06:40:00Z', place: 'Tijuana' });
    await until(() => handle.query(getCaseStateQuery), (s) => s.stage === 'release_decision');

    const events = fake.events.filter((e) => e.caseId === caseId);
    expect(events.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'reminder', 'escalation']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
    // Fired in the task that found them due: no timer waited before either (the code before the
    // patch started a 1 ms timer, one round trip through the server, before each past alert).
    expect((await timersOf(suite.client, handle)).filter((ms) => ms <= 1)).toEqual([]);

    await act(handle, 'record_release', A.mxCentral, { reason: 'No formal request within 60 days (CPEUM art. 119)' });
    await act(handle, 'withdraw', A.usProsecutor, { reason: 'Charges dropped' });
    await recordHistory(handle, 'formal-request-alerts-past-at-arrest', 'caseWorkflow');
  });

  it('should show a period the rules leave unconfirmed (US–GT 1903) as a warning, with no date', async () => {
    fake.unconfirmed.awaiting_formal_request = [
      { key: 'formal-request', label: 'Formal request after provisional arrest', source: 'US–GT 1903 (Art. IX)', confidence: 'unconfirmed' },
    ];
    const { caseId, handle } = await startCase(suite.client, suite.taskQueue, { requestedState: 'GT' });
    await steps(handle, TO_TRANSMITTED);
    const arrested = await act(handle, 'record_arrest', { ...A.mxCentral, jurisdiction: 'GT' }, {
      arrestedAt: '2026-12-03T06:40:00Z',
      place: 'Guatemala',
    });
    expect(arrested.deadlines).toEqual([]);
    expect(fake.of(caseId).at(-1)?.details).toMatchObject({ unconfirmedDeadlines: [{ key: 'formal-request', confidence: 'unconfirmed' }] });
    await act(handle, 'withdraw', A.usProsecutor, { reason: 'test over' });
  });

  it('should take a formal MX request through the US hearing, certification and the Secretary of State, defer surrender, lend the person and surrender', async () => {
    const mx = { ...A.usProsecutor, userId: 'u-mx-prosecutor', jurisdiction: 'MX' };
    const mxCentral = { ...A.mxCentral };
    const usCentral = { ...A.usCentral };
    const { caseId, handle } = await startCase(suite.client, suite.taskQueue, {
      requestingState: 'MX',
      requestedState: 'US',
      createdBy: mx.userId,
      draft: { reference: 'EXT-2', requestType: 'formal', personSought: { nationalities: ['MX'], custodyStatus: 'in_custody' } },
    });
    await steps(handle, [['submit', mx], ['approve', mxCentral], ['transmit', mxCentral, { transmission: TRANSMISSION }]]);
    expect((await handle.query(getCaseStateQuery)).stage).toBe('formal_request_received');
    await steps(handle, [
      ['admit_request', usCentral],
      ['certify', usCentral],
      ['grant', usCentral],
      ['defer_surrender', usCentral, { reason: 'Serving a sentence in Texas' }],
      ['temporary_surrender', usCentral, { returnDueAt: '2027-03-01T00:00:00Z' }],
      ['record_return', usCentral],
      ['resume_surrender', usCentral],
      ['record_surrender', usCentral, SURRENDER],
    ]);
    const closed = await act(handle, 'close', mxCentral);
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'surrendered' });
    expect(fake.of(caseId).find((t) => t.action === 'temporary_surrender')).toMatchObject({ toStage: 'temporarily_surrendered' });
    await recordHistory(handle, 'us-certification-deferred-temporary-surrender', 'caseWorkflow');
  });

  it('should refuse temporary surrender outside MX–US and a grant before the hearing', async () => {
    const gt = { ...A.mxCentral, jurisdiction: 'GT' };
    const { handle } = await startCase(suite.client, suite.taskQueue, {
      requestedState: 'GT',
      draft: { reference: 'EXT-3', requestType: 'formal', personSought: { nationalities: ['GT'], custodyStatus: 'in_custody' } },
    });
    await steps(handle, TO_TRANSMITTED);
    expect(await failureType(act(handle, 'grant', gt))).toBe(CaseFailureType.WRONG_STAGE);
    expect(await failureType(act(handle, 'admit_request', A.usCentral))).toBe(CaseFailureType.FORBIDDEN_ACTION);
    // GT: the sentencing court; consent (allanamiento) is the shortcut to surrender.
    await steps(handle, [['admit_request', gt]]);
    expect((await handle.query(getCaseStateQuery)).stage).toBe('court_hearing');
    await steps(handle, [['record_consent', gt], ['defer_surrender', gt, { reason: 'Local trial' }]]);
    expect(await failureType(act(handle, 'temporary_surrender', gt, { returnDueAt: '2027-03-01T00:00:00Z' }))).toBe(
      CaseFailureType.INVALID_INPUT,
    );
    const dead = await act(handle, 'record_death', gt, { reason: 'Death certificate received' });
    expect(dead).toMatchObject({ stage: 'closed', outcome: 'person_deceased' });
    await recordHistory(handle, 'gt-consent-deferred-death', 'caseWorkflow');
  });

  it('should pause for an amparo against the SRE decision and resume, then refuse with grounds when a later appeal is upheld', async () => {
    fake.plan.executive_decision = (at) => [
      deadline('executive-decision', at, 60_000, { activeInStages: ['executive_decision'], pausedInStages: ['appeal_pending'] }),
    ];
    const { handle } = await startCase(suite.client, suite.taskQueue, {
      draft: { reference: 'EXT-4', requestType: 'formal', personSought: { nationalities: ['US'], custodyStatus: 'in_custody' } },
    });
    await steps(handle, TO_TRANSMITTED);
    await steps(handle, [['admit_request', A.mxCentral], ['record_judge_opinion', A.mxCentral, { opinion: 'favourable' }]]);
    const paused = await steps(handle, [['file_appeal', A.mxCentral, { remedy: 'amparo' }]]);
    expect(paused).toMatchObject({ stage: 'appeal_pending', deadlines: [{ key: 'executive-decision', status: 'paused' }] });
    const resumed = await steps(handle, [['resolve_appeal', A.mxCentral, { result: 'dismissed', reason: 'Amparo denied' }]]);
    expect(resumed).toMatchObject({ stage: 'executive_decision', deadlines: [{ key: 'executive-decision', status: 'pending' }] });
    await steps(handle, [['file_appeal', A.mxCentral, { remedy: 'amparo' }]]);
    const refused = await act(handle, 'resolve_appeal', A.mxCentral, { result: 'upheld', reason: 'Due-process violation' });
    expect(refused).toMatchObject({ stage: 'closed', outcome: 'refused' });
    await recordHistory(handle, 'mx-amparo-paused-then-upheld', 'caseWorkflow');
  });

  it.each([
    ['SV', 'supreme_court_review'],
    ['HN', 'supreme_court_review'],
  ])('should have the %s Supreme Court decide with no executive phase', async (state, stage) => {
    const court = { ...A.mxCentral, jurisdiction: state };
    const { handle } = await startCase(suite.client, suite.taskQueue, {
      requestedState: state,
      draft: { reference: 'EXT-5', requestType: 'formal', personSought: { nationalities: ['US'], custodyStatus: 'in_custody' } },
    });
    await steps(handle, TO_TRANSMITTED);
    expect(await steps(handle, [['admit_request', court]])).toMatchObject({ stage });
    expect(await steps(handle, [['grant', court]])).toMatchObject({ stage: 'surrender_pending' });
    await act(handle, 'withdraw', A.usCentral, { reason: 'test over' });
  });

  it('should refuse a Mexican national with grounds and open the linked art. 4 domestic-prosecution case, which runs on its own machine', async () => {
    const { caseId, handle } = await startCase(suite.client, suite.taskQueue, {
      draft: { reference: 'EXT-6', requestType: 'formal', personSought: { nationalities: ['MX'], custodyStatus: 'in_custody' } },
    });
    await steps(handle, TO_TRANSMITTED);
    await steps(handle, [['admit_request', A.mxCentral], ['record_judge_opinion', A.mxCentral, { opinion: 'favourable' }]]);
    expect(await failureType(act(handle, 'refuse', A.mxCentral, { reason: 'LEI art. 14' }))).toBe(CaseFailureType.INVALID_INPUT);
    // The refusal is sent once the run that takes it has started. An Update that reaches a run as
    // it continues-as-new is carried to the new run's first workflow task, which the dev server
    // (1.29.1) puts on the old run's sticky queue and cannot dispatch there ("should have a build
    // ID directive on versioned sticky queue"); the task times out, and the SDK's completion of its
    // retry omits the core flags it used, leaving a run no worker can replay (README, "Development workflow").
    await until(() => handle.query(getCaseStateQuery).catch(() => null), (s) => s !== null);
    const refused = await act(handle, 'refuse', A.mxCentral, { grounds: ['nationality'], reason: 'LEI art. 14', domesticProsecution: true });
    expect(refused).toMatchObject({ stage: 'closed', outcome: 'refused' });
    const linkedCaseId = fake.of(caseId).at(-1)?.details.linkedCaseId as string;
    expect(linkedCaseId).toMatch(/^[0-9a-f-]{36}$/);

    const child = suite.client.workflow.getHandle(caseWorkflowId(linkedCaseId));
    const created = await until(() => child.query(getCaseStateQuery).catch(() => null), (s) => s !== null && s.lastProjectedSeq >= 0);
    expect(created).toMatchObject({ kind: 'foreign_prosecution', stage: 'draft', draft: { reference: 'EXT-6' } });
    expect(fake.of(linkedCaseId)[0]).toMatchObject({ kind: 'foreign_prosecution', details: { links: [{ caseId, relation: 'extradition' }] } });
    await steps(child, [
      ['submit', A.usProsecutor],
      ['approve', A.usCentral],
      ['transmit', A.usCentral, { transmission: TRANSMISSION }],
      ['acknowledge', A.mxCentral],
      ['open_prosecution', A.mxCentral],
    ]);
    const judged = (await act(child, 'record_judgment', A.mxCentral, { reason: 'Convicted, 12 years' })) as CaseSnapshot;
    expect(judged).toMatchObject({ stage: 'closed', outcome: 'prosecuted' });
    await recordHistory(handle, 'nationals-refused-art4', 'caseWorkflow');
    await recordHistory(child, 'art4-prosecuted', 'caseWorkflow');
  });

  it('should keep the transmission details and refuse a transmission with no channel', async () => {
    const { handle } = await startCase(suite.client, suite.taskQueue);
    await steps(handle, TO_TRANSMITTED.slice(0, 2));
    expect(await failureType(act(handle, 'transmit', A.usCentral, { transmission: { referenceNumber: 'X' } }))).toBe(CaseFailureType.INVALID_INPUT);
    await act(handle, 'transmit', A.usCentral, { transmission: TRANSMISSION });
    const received = await act(handle, 'record_transmission_details', A.mxCentral, {
      transmission: { receivedAt: '2026-12-02T09:30:00Z', counterpartReference: 'SRE-5521' },
    });
    expect(received).toMatchObject({ facts: { transmission: { ...TRANSMISSION, receivedAt: '2026-12-02T09:30:00Z', counterpartReference: 'SRE-5521' } } });
    await act(handle, 'withdraw', A.usProsecutor, { reason: 'test over' });
  });
});
