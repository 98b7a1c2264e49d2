import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  actionRefusal,
  ActivityFailureType,
  awaitCreatedUpdate,
  CaseFailureType,
  getCaseStateQuery,
  noteReceivedSignal,
  OVERDUE_SEARCH_ATTRIBUTE,
  performActionUpdate,
  resyncUpdate,
  sideOf,
  visibilityOf,
  STAGE_SEARCH_ATTRIBUTE,
  type ActionInput,
  type CaseOutcome,
  type Holder,
  type MlaSnapshot,
  type MlaStage,
  type MlaWorkflowInput,
  type PendingNote,
  type Visibility,
} from '../../../libs/contracts/src';
import { deadlinesForStage, extendDeadline, nextDeadlineInstant } from '../shared/deadlines';
import type { MlaActivities } from './mla-request.activities';

// Projections and rule evaluation are short and run on the same worker. Each has its own bounded
// retry: a person waits on the Update that runs them, and past the bound the action is refused
// (503) with the case unchanged. Permanent failures are non-retryable at the source (the worker
// classifies them) and refuse the action at once.
const PROJECTION_OPTIONS = {
  // One database transaction; 10 s covers a slow commit.
  startToCloseTimeout: '10 seconds',
  // ~10 s of retries rides out a PostgreSQL restart or failover; longer, and the caller has gone.
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '2 seconds',
    maximumAttempts: 8,
  },
} as const;
// Local: creation, notes, deadline events and lapses are re-run identically when a workflow task
// is retried, so their writes (idempotent on their keys) can never stand for something lost.
const { projectTransition, recordDeadlineEvent } = proxyLocalActivities<MlaActivities>(PROJECTION_OPTIONS);
// A human decision's projection runs as a regular activity: the Update's acceptance and the
// scheduled projection are in history before anything is written, so a worker that dies right
// after the commit cannot leave the read model showing a decision the case never took (a local
// activity's write would outlive an Update that Temporal drops with its failed workflow task).
// Eager dispatch hands the activity to this worker in the same round trip.
const durable = proxyActivities<MlaActivities>(PROJECTION_OPTIONS);
const DURABLE_DECISIONS_PATCH = '2026-11-durable-decision-projection';

const { assessSubmission, planDeadlines } = proxyLocalActivities<MlaActivities>({
  // A rules evaluation over data the worker caches; slow only when it reloads from PostgreSQL.
  startToCloseTimeout: '10 seconds',
  // Only a database outage makes it fail transiently, and then the projection would fail too.
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '2 seconds',
    maximumAttempts: 6,
  },
});

// Background work that failed (a deadline event, a notice) is tried again after this long.
const BACKGROUND_RETRY_MS = 10_000;

const FAILURE_TYPES = {
  stage: CaseFailureType.WRONG_STAGE,
  role: CaseFailureType.FORBIDDEN_ACTION,
  input: CaseFailureType.INVALID_INPUT,
} as const;

function fail(type: CaseFailureType, message: string, details?: unknown): never {
  throw ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: details ? [details] : undefined,
  });
}

/**
 * An activity failure as the case answers it: refused for good (422) when the records refused the
 * data, for now (503) otherwise. A case's own refusals pass through; anything that is not a
 * Temporal failure (a bug) is not an answer and fails the workflow task instead.
 */
function refusalOf(err: unknown): ApplicationFailure | null {
  if (
    err instanceof ApplicationFailure &&
    (err.type === CaseFailureType.UNPROCESSABLE || err.type === CaseFailureType.UNAVAILABLE)
  ) {
    return err;
  }
  if (!(err instanceof TemporalFailure)) return null;
  // Local activities may surface their failure as it was thrown, or wrapped in an ActivityFailure.
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (
    cause instanceof ApplicationFailure &&
    cause.nonRetryable &&
    cause.type === ActivityFailureType.INVALID_DATA
  ) {
    return ApplicationFailure.create({
      type: CaseFailureType.UNPROCESSABLE,
      message: `the records refused this action's data: ${cause.message}`,
      nonRetryable: true,
    });
  }
  return ApplicationFailure.create({
    type: CaseFailureType.UNAVAILABLE,
    message: 'the case records are unavailable; the action was not applied, try again shortly',
    nonRetryable: true,
  });
}

/** One transition's record: what happened, by whom, why, and who may see it. */
interface Step {
  action: string;
  actorId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  outcome?: CaseOutcome | null;
  /** The action's own effects on the snapshot, adopted only once the projection committed. */
  changes?: Partial<MlaSnapshot>;
  visibility?: Visibility;
  /** Taken through an Update (a person's decision or a repair), which Temporal may drop on a crash. */
  decision?: boolean;
}

/** The snapshot of a run: a fresh case, or the one carried across continue-as-new. */
function initialSnapshot(input: MlaWorkflowInput, holder: Holder): MlaSnapshot {
  const fresh: MlaSnapshot = {
    caseId: input.caseId,
    stage: 'draft',
    outcome: null,
    seq: 0,
    lastProjectedSeq: -1,
    draft: input.draft,
    holder,
    deadlines: [],
    translationRequired: false,
    channel: null,
    basisId: input.draft.basisId ?? null,
    supplementaryRounds: 0,
    partialResponses: 0,
    finalResult: null,
    overdue: false,
    pendingNotes: [],
    retryAt: null,
  };
  if (!input.resume) return fresh;
  // Snapshots carried by earlier versions lack the newer fields; the basis they had was the draft's.
  const r = input.resume;
  return {
    ...fresh,
    ...r,
    lastProjectedSeq: r.lastProjectedSeq ?? r.seq - 1,
    basisId: r.basisId !== undefined ? r.basisId : (input.draft.basisId ?? null),
    pendingNotes: r.pendingNotes ?? [],
    retryAt: r.retryAt ?? null,
  };
}

export async function mlaRequestWorkflow(input: MlaWorkflowInput): Promise<MlaSnapshot> {
  const { caseId, requestingState, requestedState, requestingAuthorityId } = input;
  const s: MlaSnapshot = initialSnapshot(input, holderFor('draft'));
  // Transitions run one at a time so a second decision sees the first one's result.
  let busy = false;
  // Set whenever deadlines change, to re-arm the timer in the main loop.
  let rearm = false;
  // Set when the case's first projection was refused for good: the case cannot exist.
  let createRefused: ApplicationFailure | null = null;

  function holderFor(stage: MlaStage): Holder {
    switch (stage) {
      case 'internal_review':
        return {
          role: 'supervisor',
          side: 'requesting',
          jurisdiction: requestingState,
          authorityId: requestingAuthorityId,
        };
      case 'central_authority_review':
      case 'translation':
      case 'ready_to_transmit':
        return {
          role: 'central_authority',
          side: 'requesting',
          jurisdiction: requestingState,
          authorityId: null,
        };
      case 'transmitted':
      case 'acknowledged':
      case 'under_execution':
        return {
          role: 'central_authority',
          side: 'requested',
          jurisdiction: requestedState,
          authorityId: null,
        };
      default:
        return {
          role: 'prosecutor',
          side: 'requesting',
          jurisdiction: requestingState,
          authorityId: requestingAuthorityId,
        };
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

  // Runs an activity; its failure becomes the action's refusal and the snapshot stays as it was.
  async function orRefuse<T>(call: () => Promise<T>, onUncertain?: () => void): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      if (refusal.type === CaseFailureType.UNAVAILABLE) onUncertain?.();
      throw refusal;
    }
  }

  /**
   * One transition: plan its deadlines, project it, and only then adopt it. `changes` are the
   * action's own effects on the snapshot; nothing of them is kept if the projection fails.
   */
  async function apply(toStage: MlaStage, step: Step): Promise<MlaSnapshot> {
    const { action, actorId = null, reason = null, details = {}, outcome = null, changes = {} } = step;
    const visibility = step.visibility ?? visibilityOf(action, null);
    const next: MlaSnapshot = { ...s, ...changes };
    const at = new Date(Date.now()).toISOString();
    const fromStage = s.lastProjectedSeq < 0 ? null : s.stage;
    let deadlines = next.deadlines;
    if (toStage === 'closed') {
      deadlines = [];
    } else if (toStage !== fromStage) {
      const planned = await orRefuse(() =>
        planDeadlines({
          caseId,
          stage: toStage,
          requestingState,
          requestedState,
          draft: next.draft,
          basisId: next.basisId,
          at,
        }),
      );
      deadlines = deadlinesForStage(next.deadlines, planned, toStage, Date.now());
    }
    const holder = holderFor(toStage);
    const seq = s.seq;
    // Decisions (Updates) project durably; the other transitions repeat deterministically on replay.
    const project =
      step.decision && patched(DURABLE_DECISIONS_PATCH) ? durable.projectTransition : projectTransition;
    await orRefuse(
      () =>
        project({
          caseId,
          seq,
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
          draft: next.draft,
          details,
          visibility,
          at,
          ...(fromStage === null && input.requestHash ? { requestHash: input.requestHash } : {}),
        }),
      // The projection may have committed before the records went away: its sequence number is
      // spent, and the next transition (or the doctor's resync) overwrites what it left.
      () => (s.seq = seq + 1),
    );
    Object.assign(s, next, {
      stage: toStage,
      outcome,
      holder,
      deadlines,
      seq: seq + 1,
      lastProjectedSeq: seq,
    });
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
    const reason = a.reason?.trim() || null;
    // What the actor did, and who sees it (their side, or both when the machine shares it).
    const step = (more: Partial<Step> = {}): Step => ({
      action: a.action,
      actorId: a.actor.userId,
      reason,
      visibility: visibilityOf(a.action, sideOf(a.actor, requestingState, requestedState)),
      decision: true,
      ...more,
    });
    switch (a.action) {
      case 'edit_draft':
        return apply('draft', step({ reason: null, changes: { draft: { ...s.draft, ...a.draft } } }));
      case 'submit': {
        const assessment = await orRefuse(() =>
          assessSubmission({
            caseId,
            requestingState,
            requestedState,
            draft: s.draft,
            at: new Date(Date.now()).toISOString(),
          }),
        );
        if (!assessment.complete) {
          fail(CaseFailureType.INCOMPLETE_REQUEST, 'the request is incomplete', {
            missing: assessment.missing,
          });
        }
        const next = input.internalReview ? 'internal_review' : 'central_authority_review';
        const basisId = assessment.basisId;
        return apply(
          next,
          step({
            reason: null,
            details: {
              basisId,
              channel: assessment.channel,
              warnings: assessment.warnings,
              ...(assessment.evaluationId ? { evaluationId: assessment.evaluationId } : {}),
            },
            changes: {
              translationRequired: assessment.translationRequired,
              channel: assessment.channel,
              basisId,
            },
          }),
        );
      }
      case 'internal_approve':
        return apply('central_authority_review', step());
      case 'internal_return':
      case 'return':
        return apply('draft', step());
      case 'approve':
        return apply(s.translationRequired ? 'translation' : 'ready_to_transmit', step());
      case 'reject':
        return apply('closed', step({ outcome: 'rejected' }));
      case 'record_translation':
        return apply('ready_to_transmit', step());
      case 'transmit':
        return apply('transmitted', step({ details: { channel: s.channel, basisId: s.basisId } }));
      case 'acknowledge':
        return apply('acknowledged', step());
      case 'begin_execution':
        return apply('under_execution', step());
      case 'request_supplementary_information': {
        const round = s.supplementaryRounds + 1;
        return apply(
          'supplementary_information',
          step({ details: { round }, changes: { supplementaryRounds: round } }),
        );
      }
      case 'answer_supplementary_information':
        return apply('under_execution', step({ details: { round: s.supplementaryRounds } }));
      case 'record_partial_response': {
        const partial = s.partialResponses + 1;
        return apply(
          'under_execution',
          step({ details: { partial }, changes: { partialResponses: partial } }),
        );
      }
      case 'record_final_response':
        return apply(
          'responded',
          step({ details: { result: a.result }, changes: { finalResult: a.result! } }),
        );
      case 'refuse':
        return apply('closed', step({ outcome: 'refused' }));
      case 'close':
        return apply('closed', step({ outcome: s.finalResult ?? 'executed' }));
      case 'withdraw':
        return apply('closed', step({ outcome: 'withdrawn' }));
      case 'extend_deadline': {
        const target = s.deadlines.find((d) => d.key === a.deadlineKey);
        if (!target) fail(CaseFailureType.INVALID_INPUT, `no deadline ${a.deadlineKey} on this case`);
        if (Date.parse(a.newDueAt!) <= Date.parse(target.dueAt)) {
          fail(CaseFailureType.INVALID_INPUT, 'newDueAt must be later than the current due date');
        }
        const deadlines = s.deadlines.map((d) => (d === target ? extendDeadline(d, a.newDueAt!) : d));
        return apply(
          s.stage,
          step({
            details: { deadlineKey: target.key, from: target.dueAt, to: a.newDueAt },
            changes: { deadlines },
          }),
        );
      }
    }
  }

  /**
   * Background work whose activity failed: true when it is to be tried again later (the records
   * were unreachable), false when the records refused it for good. Either way the case goes on.
   */
  function retryLater(what: string, err: unknown): boolean {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    if (refusal.type === CaseFailureType.UNPROCESSABLE) {
      log.warn(`${what} refused by the records and dropped`, { caseId, reason: refusal.message });
      return false;
    }
    s.retryAt = new Date(Date.now() + BACKGROUND_RETRY_MS).toISOString();
    rearm = true;
    return true;
  }

  async function recordNote(note: PendingNote): Promise<void> {
    try {
      await apply(s.stage, {
        action: 'note_received',
        actorId: note.actorId,
        reason: note.note,
        visibility: note.visibility ?? 'requesting',
      });
    } catch (err) {
      if (retryLater('a notice', err)) s.pendingNotes.push(note);
    }
  }

  // Notices that waited for the records, once their retry time has come.
  async function retryPendingNotes(): Promise<void> {
    if (s.retryAt === null || Date.parse(s.retryAt) > Date.now()) return;
    s.retryAt = null;
    for (const note of s.pendingNotes.splice(0)) {
      if (s.stage === 'closed') break;
      await recordNote(note);
    }
  }

  // Reminders and breaches whose instant has come, in order; a breach that lapses the case closes it.
  async function fireDueDeadlines(): Promise<void> {
    const now = Date.now();
    for (const d of s.deadlines) {
      if (s.stage === 'closed') return;
      const base = {
        caseId,
        deadlineKey: d.key,
        dueAt: d.dueAt,
        holder: s.holder,
        at: new Date(now).toISOString(),
        visibility: d.visibility,
      };
      try {
        if (
          d.status === 'pending' &&
          d.remindAt &&
          Date.parse(d.remindAt) <= now &&
          Date.parse(d.dueAt) > now
        ) {
          await recordDeadlineEvent({ ...base, kind: 'reminder', eventId: `${d.key}:${d.dueAt}:reminder` });
          d.status = 'reminded';
        } else if ((d.status === 'pending' || d.status === 'reminded') && Date.parse(d.dueAt) <= now) {
          if (d.onBreach === 'lapse') {
            await apply('closed', {
              action: 'lapse',
              reason: `deadline ${d.key} passed`,
              details: { deadlineKey: d.key },
              outcome: 'lapsed',
            });
            return;
          }
          await recordDeadlineEvent({
            ...base,
            kind: 'escalation',
            eventId: `${d.key}:${d.dueAt}:escalation`,
          });
          d.status = 'breached';
          if (!s.overdue) {
            s.overdue = true;
            upsertSearchAttributes([{ key: OVERDUE_SEARCH_ATTRIBUTE, value: true }]);
          }
        }
      } catch (err) {
        // The event keeps its status, so the retry records it (idempotent on its id).
        if (retryLater(`deadline event ${d.key}`, err)) return;
      }
    }
  }

  setHandler(getCaseStateQuery, () => s);
  setHandler(
    awaitCreatedUpdate,
    async () => {
      await condition(() => s.lastProjectedSeq >= 0 || createRefused !== null);
      if (createRefused) throw createRefused;
      return s;
    },
    {
      validator: (repeat?: { requestHash?: string }) => {
        if (repeat?.requestHash !== undefined && repeat.requestHash !== input.requestHash) {
          fail(
            CaseFailureType.INVALID_INPUT,
            'this Idempotency-Key was already used with a different request',
          );
        }
      },
    },
  );
  setHandler(noteReceivedSignal, (note) => exclusive(() => recordNote(note)));
  setHandler(
    resyncUpdate,
    ({ reason }) =>
      exclusive(() =>
        apply(s.stage, {
          action: 'resync',
          reason,
          decision: true,
          details: { lastProjectedSeq: s.lastProjectedSeq },
          outcome: s.outcome,
        }),
      ),
    {
      validator: ({ reason }) => {
        if (typeof reason !== 'string' || !reason.trim())
          fail(CaseFailureType.INVALID_INPUT, 'a repair needs a reason');
      },
    },
  );
  setHandler(performActionUpdate, (a) => exclusive(() => perform(a)), {
    validator: (a) => {
      const refusal = actionRefusal(a, s.stage, requestingState, requestedState);
      // While a decision is still being recorded (its projection committed, the workflow not yet
      // past it, e.g. after a worker restart) the stage is about to change: the action waits its
      // turn and perform() judges it against the stage it then finds, instead of refusing a
      // decision the read model already shows as possible.
      if (refusal && !(refusal.kind === 'stage' && busy)) fail(FAILURE_TYPES[refusal.kind], refusal.message);
    },
  });

  if (!input.resume) {
    // A case that cannot be recorded for good ends here; one whose records are unreachable
    // waits for them: it is never dropped.
    while (s.lastProjectedSeq < 0 && createRefused === null) {
      try {
        await exclusive(() =>
          apply('draft', { action: 'create', actorId: input.createdBy, visibility: 'requesting' }),
        );
      } catch (err) {
        const refusal = refusalOf(err);
        if (!refusal) throw err;
        if (refusal.type === CaseFailureType.UNPROCESSABLE) createRefused = refusal;
        else await sleep(BACKGROUND_RETRY_MS);
      }
    }
    if (createRefused) {
      await condition(allHandlersFinished);
      throw createRefused;
    }
  }

  while (s.stage !== 'closed') {
    if (workflowInfo().continueAsNewSuggested) {
      // Drain in-flight updates first: a handler still running would be lost by continue-as-new.
      await condition(() => !busy && allHandlersFinished());
      await continueAsNew<typeof mlaRequestWorkflow>({ ...input, draft: s.draft, resume: { ...s } });
    }
    rearm = false;
    const next = earliest(
      nextDeadlineInstant(s.deadlines),
      s.retryAt === null ? null : Date.parse(s.retryAt),
    );
    const woken = (): boolean => rearm || s.stage === 'closed' || workflowInfo().continueAsNewSuggested;
    const interrupted =
      next === null
        ? await condition(woken).then(() => true)
        : await condition(woken, Math.max(0, next - Date.now()));
    if (!interrupted) {
      await exclusive(async () => {
        await retryPendingNotes();
        await fireDueDeadlines();
      });
    }
  }
  await condition(allHandlersFinished);
  return s;
}

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
