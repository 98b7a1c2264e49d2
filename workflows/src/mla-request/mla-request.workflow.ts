import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  actionRefusal,
  awaitCreatedUpdate,
  CaseFailureType,
  getCaseStateQuery,
  noteReceivedSignal,
  OVERDUE_SEARCH_ATTRIBUTE,
  performActionUpdate,
  STAGE_SEARCH_ATTRIBUTE,
  type ActionInput,
  type CaseOutcome,
  type Holder,
  type MlaSnapshot,
  type MlaStage,
  type MlaWorkflowInput,
} from '../../../libs/contracts/src';
import { deadlinesForStage, extendDeadline, nextDeadlineInstant } from '../shared/deadlines';
import type { MlaActivities } from './mla-request.activities';

// Local activities: projections and rule evaluation are short and run on the same worker, so a
// decision answers in one workflow task instead of a round trip through the task queue.
const { projectTransition, assessSubmission, planDeadlines, recordDeadlineEvent } =
  proxyLocalActivities<MlaActivities>({
    // One database transaction or one rules evaluation; 30 s covers a slow commit.
    startToCloseTimeout: '30 seconds',
    // Retried until the database is back: a transition must never be dropped, and every
    // write is idempotent on its key, so a retry never writes twice.
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });

const FAILURE_TYPES = {
  stage: CaseFailureType.WRONG_STAGE,
  role: CaseFailureType.FORBIDDEN_ACTION,
  input: CaseFailureType.INVALID_INPUT,
} as const;

function fail(type: CaseFailureType, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: details ? [details] : undefined });
}

export async function mlaRequestWorkflow(input: MlaWorkflowInput): Promise<MlaSnapshot> {
  const { caseId, requestingState, requestedState, requestingAuthorityId } = input;
  const s: MlaSnapshot = input.resume ?? {
    caseId,
    stage: 'draft',
    outcome: null,
    seq: 0,
    draft: input.draft,
    holder: holderFor('draft'),
    deadlines: [],
    translationRequired: false,
    channel: null,
    supplementaryRounds: 0,
    partialResponses: 0,
    finalResult: null,
    overdue: false,
  };
  let basisId: string | null = input.draft.basisId ?? null;
  // Transitions run one at a time so a second decision sees the first one's result.
  let busy = false;
  // Set whenever deadlines change, to re-arm the timer in the main loop.
  let rearm = false;

  function holderFor(stage: MlaStage): Holder {
    switch (stage) {
      case 'internal_review':
        return { role: 'supervisor', side: 'requesting', jurisdiction: requestingState, authorityId: requestingAuthorityId };
      case 'central_authority_review':
      case 'translation':
      case 'ready_to_transmit':
        return { role: 'central_authority', side: 'requesting', jurisdiction: requestingState, authorityId: null };
      case 'transmitted':
      case 'acknowledged':
      case 'under_execution':
        return { role: 'central_authority', side: 'requested', jurisdiction: requestedState, authorityId: null };
      default:
        return { role: 'prosecutor', side: 'requesting', jurisdiction: requestingState, authorityId: requestingAuthorityId };
    }
  }

  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Re-tested after every wake-up: one activation can release several waiting handlers.
    while (busy) await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  }

  async function apply(
    toStage: MlaStage,
    action: string,
    actorId: string | null,
    reason: string | null,
    details: Record<string, unknown> = {},
    outcome: CaseOutcome | null = null,
  ): Promise<MlaSnapshot> {
    const at = new Date(Date.now()).toISOString();
    const fromStage = s.seq === 0 ? null : s.stage;
    let deadlines = s.deadlines;
    if (toStage === 'closed') {
      deadlines = [];
    } else if (toStage !== fromStage) {
      const planned = await planDeadlines({ caseId, stage: toStage, requestingState, requestedState, draft: s.draft, basisId, at });
      deadlines = deadlinesForStage(s.deadlines, planned, toStage, Date.now());
    }
    const holder = holderFor(toStage);
    await projectTransition({
      caseId,
      seq: s.seq,
      requestingState,
      requestedState,
      requestingAuthorityId,
      createdBy: input.createdBy,
      fromStage,
      toStage,
      outcome,
      action,
      actorId,
      reason,
      holder,
      deadlines,
      draft: s.draft,
      details,
      at,
    });
    s.stage = toStage;
    s.outcome = outcome;
    s.holder = holder;
    s.deadlines = deadlines;
    s.seq += 1;
    const overdue = deadlines.some((d) => d.status === 'breached');
    if (toStage !== fromStage || overdue !== s.overdue) {
      s.overdue = overdue;
      upsertSearchAttributes([
        { key: STAGE_SEARCH_ATTRIBUTE, value: toStage },
        { key: OVERDUE_SEARCH_ATTRIBUTE, value: overdue },
      ]);
    }
    rearm = true;
    return s;
  }

  async function perform(a: ActionInput): Promise<MlaSnapshot> {
    const refusal = actionRefusal(a, s.stage, requestingState, requestedState);
    if (refusal) fail(FAILURE_TYPES[refusal.kind], refusal.message);
    const by = a.actor.userId;
    const reason = a.reason?.trim() || null;
    switch (a.action) {
      case 'edit_draft':
        s.draft = { ...s.draft, ...a.draft };
        return apply('draft', 'edit_draft', by, null);
      case 'submit': {
        const assessment = await assessSubmission({
          caseId,
          requestingState,
          requestedState,
          draft: s.draft,
          at: new Date(Date.now()).toISOString(),
        });
        if (!assessment.complete) {
          fail(CaseFailureType.INCOMPLETE_REQUEST, 'the request is incomplete', { missing: assessment.missing });
        }
        s.translationRequired = assessment.translationRequired;
        s.channel = assessment.channel;
        basisId = assessment.basisId;
        const next = input.internalReview ? 'internal_review' : 'central_authority_review';
        return apply(next, 'submit', by, null, { basisId, channel: s.channel, warnings: assessment.warnings });
      }
      case 'internal_approve':
        return apply('central_authority_review', a.action, by, reason);
      case 'internal_return':
      case 'return':
        return apply('draft', a.action, by, reason);
      case 'approve':
        return apply(s.translationRequired ? 'translation' : 'ready_to_transmit', a.action, by, reason);
      case 'reject':
        return apply('closed', a.action, by, reason, {}, 'rejected');
      case 'record_translation':
        return apply('ready_to_transmit', a.action, by, reason);
      case 'transmit':
        return apply('transmitted', a.action, by, reason, { channel: s.channel });
      case 'acknowledge':
        return apply('acknowledged', a.action, by, reason);
      case 'begin_execution':
        return apply('under_execution', a.action, by, reason);
      case 'request_supplementary_information':
        s.supplementaryRounds += 1;
        return apply('supplementary_information', a.action, by, reason, { round: s.supplementaryRounds });
      case 'answer_supplementary_information':
        return apply('under_execution', a.action, by, reason, { round: s.supplementaryRounds });
      case 'record_partial_response':
        s.partialResponses += 1;
        return apply('under_execution', a.action, by, reason, { partial: s.partialResponses });
      case 'record_final_response':
        s.finalResult = a.result!;
        return apply('responded', a.action, by, reason, { result: a.result });
      case 'refuse':
        return apply('closed', a.action, by, reason, {}, 'refused');
      case 'close':
        return apply('closed', a.action, by, reason, {}, s.finalResult ?? 'executed');
      case 'withdraw':
        return apply('closed', a.action, by, reason, {}, 'withdrawn');
      case 'extend_deadline': {
        const target = s.deadlines.find((d) => d.key === a.deadlineKey);
        if (!target) fail(CaseFailureType.INVALID_INPUT, `no deadline ${a.deadlineKey} on this case`);
        if (Date.parse(a.newDueAt!) <= Date.parse(target.dueAt)) {
          fail(CaseFailureType.INVALID_INPUT, 'newDueAt must be later than the current due date');
        }
        s.deadlines = s.deadlines.map((d) => (d === target ? extendDeadline(d, a.newDueAt!) : d));
        return apply(s.stage, a.action, by, reason, { deadlineKey: target.key, from: target.dueAt, to: a.newDueAt });
      }
    }
  }

  // Reminders and breaches whose instant has come, in order; a breach that lapses the case closes it.
  async function fireDueDeadlines(): Promise<void> {
    const now = Date.now();
    for (const d of s.deadlines) {
      if (s.stage === 'closed') return;
      const base = { caseId, deadlineKey: d.key, dueAt: d.dueAt, holder: s.holder, at: new Date(now).toISOString() };
      if (d.status === 'pending' && d.remindAt && Date.parse(d.remindAt) <= now && Date.parse(d.dueAt) > now) {
        await recordDeadlineEvent({ ...base, kind: 'reminder', eventId: `${d.key}:${d.dueAt}:reminder` });
        d.status = 'reminded';
      } else if ((d.status === 'pending' || d.status === 'reminded') && Date.parse(d.dueAt) <= now) {
        if (d.onBreach === 'lapse') {
          await apply('closed', 'lapse', null, `deadline ${d.key} passed`, { deadlineKey: d.key }, 'lapsed');
          return;
        }
        await recordDeadlineEvent({ ...base, kind: 'escalation', eventId: `${d.key}:${d.dueAt}:escalation` });
        d.status = 'breached';
        if (!s.overdue) {
          s.overdue = true;
          upsertSearchAttributes([{ key: OVERDUE_SEARCH_ATTRIBUTE, value: true }]);
        }
      }
    }
  }

  setHandler(getCaseStateQuery, () => s);
  setHandler(awaitCreatedUpdate, async () => {
    await condition(() => s.seq > 0);
    return s;
  });
  setHandler(noteReceivedSignal, ({ note, actorId }) =>
    exclusive(() => apply(s.stage, 'note_received', actorId, note)).then(() => undefined),
  );
  setHandler(performActionUpdate, (a) => exclusive(() => perform(a)), {
    validator: (a) => {
      const refusal = actionRefusal(a, s.stage, requestingState, requestedState);
      if (refusal) fail(FAILURE_TYPES[refusal.kind], refusal.message);
    },
  });

  if (!input.resume) await exclusive(() => apply('draft', 'create', input.createdBy, null));

  while (s.stage !== 'closed') {
    if (workflowInfo().continueAsNewSuggested) {
      // Drain in-flight updates first: a handler still running would be lost by continue-as-new.
      await condition(() => !busy && allHandlersFinished());
      await continueAsNew<typeof mlaRequestWorkflow>({ ...input, draft: s.draft, resume: { ...s } });
    }
    rearm = false;
    const next = nextDeadlineInstant(s.deadlines);
    const woken = (): boolean => rearm || s.stage === 'closed' || workflowInfo().continueAsNewSuggested;
    const interrupted = next === null ? await condition(woken).then(() => true) : await condition(woken, Math.max(0, next - Date.now()));
    if (!interrupted) await exclusive(fireDueDeadlines);
  }
  await condition(allHandlersFinished);
  return s;
}
