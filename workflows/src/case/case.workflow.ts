import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  ParentClosePolicy,
  setHandler,
  sleep,
  startChild,
  TemporalFailure,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ActivityFailureType,
  awaitCreatedUpdate,
  beginActionUpdate,
  CaseFailureType,
  CLOSED_STAGE,
  getCaseStateQuery,
  KEYED_UPDATE_PREFIX,
  KIND_SEARCH_ATTRIBUTE,
  machineFor,
  NEEDED_BY_DEADLINE_KEY,
  noteReceivedSignal,
  OVERDUE_SEARCH_ATTRIBUTE,
  PAIR_SEARCH_ATTRIBUTE,
  performActionUpdate,
  refusalIn,
  resyncUpdate,
  sideOf,
  visibilityIn,
  STAGE_SEARCH_ATTRIBUTE,
  type ActionContext,
  type ActionInput,
  type AnyActionInput,
  type CaseDeadline,
  type CaseMachine,
  type CaseOutcome,
  type CaseSnapshot,
  type CaseStage,
  type CaseWorkflowInput,
  type Holder,
  type PendingNote,
  type Visibility,
} from '../../../libs/contracts/src';
import { deadlinesForStage, extendDeadline, nextDeadlineInstant } from '../shared/deadlines';
import type { CaseActivities } from './case.activities';

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
const { projectTransition, recordDeadlineEvent } = proxyLocalActivities<CaseActivities>(PROJECTION_OPTIONS);
// A human decision's projection runs as a regular activity: the Update's acceptance and the
// scheduled projection are in history before anything is written, so a worker that dies right
// after the commit cannot leave the read model showing a decision the case never took (a local
// activity's write would outlive an Update that Temporal drops with its failed workflow task).
// Eager dispatch hands the activity to this worker in the same round trip.
const durable = proxyActivities<CaseActivities>(PROJECTION_OPTIONS);
const DURABLE_DECISIONS_PATCH = '2026-11-durable-decision-projection';

// Deadlines planned with the rules events an action fixes (an arrest date) and the periods the
// rules leave unconfirmed; MLA histories from before the kernel planned with planDeadlines.
const KERNEL_PLAN_PATCH = '2026-11-case-kernel-deadline-plan';
// A stage that starts no clock is entered without asking the rules: nothing would be planned but
// a neededBy deadline the case already holds (or has no date for). One local activity fewer on
// most decisions and on creation; histories from before plan every stage.
const CLOCK_STAGES_PLAN_PATCH = '2026-11-plan-clock-stages-only';
// A neededBy date changed on a returned draft moves its deadline when the rules next plan (the
// resubmission). Histories from before kept the first date planned.
const NEEDED_BY_REPLAN_PATCH = '2026-11-needed-by-replanned';
// Deadline events already due fire in the workflow task that finds them due: the alerts past when
// a stage is entered (a late-recorded arrest), and a window's next alert when several are due at
// once (a worker back after a crash). Histories from before waited on a 1 ms timer, one round trip
// through the server, before each.
const DUE_AT_ONCE_PATCH = '2026-11-deadline-events-due-fire-at-once';

const { assessSubmission, planDeadlines, planCaseDeadlines } = proxyLocalActivities<CaseActivities>({
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

// How many keyed actions a case remembers across continue-as-new (a client's retries of one
// request come within minutes; this covers far more actions than that).
const KEYED_REQUESTS_KEPT = 50;

// How many refusals of decisions answered before their projection a case keeps for their callers
// (each caller looks within seconds).
const REFUSED_DECISIONS_KEPT = 20;

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
  changes?: Partial<CaseSnapshot>;
  /** Instants of rules events the action fixes, for the deadlines the new stage starts. */
  events?: Record<string, string>;
  visibility?: Visibility;
  /** Taken through an Update (a person's decision or a repair), which Temporal may drop on a crash. */
  decision?: boolean;
  /**
   * Called with the snapshot the case will have, once the decision's durable projection is
   * scheduled: the beginAction Update answers there (its acceptance and the scheduled activity
   * are in history together), and the transition is adopted when the projection commits.
   */
  onScheduled?: (prospective: CaseSnapshot) => void;
}

/** The snapshot of a run: a fresh case, or the one carried across continue-as-new. */
function initialSnapshot(input: CaseWorkflowInput, holder: Holder): CaseSnapshot {
  const fresh: CaseSnapshot = {
    caseId: input.caseId,
    kind: input.kind ?? 'mla',
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
    facts: {},
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
    facts: r.facts ?? {},
  };
}

/** The workflow of every case of a kind other than MLA: the kernel running the kind's machine. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseSnapshot> {
  return runCase(machineFor(input.kind), input);
}

/**
 * Runs one case on its kind's machine: serialised handlers, each transition planned (deadlines
 * from the rules, through activities), projected and only then adopted; the deadline loop with
 * its breach effects; continue-as-new; search attributes.
 */
export async function runCase(machine: CaseMachine, input: CaseWorkflowInput): Promise<CaseSnapshot> {
  const { caseId, requestingState, requestedState, requestingAuthorityId } = input;
  const kind = input.kind;
  const s: CaseSnapshot = initialSnapshot(input, holderFor('draft'));
  // Transitions run one at a time so a second decision sees the first one's result.
  let busy = false;
  // Set whenever deadlines change, to re-arm the timer in the main loop.
  let rearm = false;
  // Set when the case's first projection was refused for good: the case cannot exist.
  let createRefused: ApplicationFailure | null = null;

  function holderFor(stage: CaseStage): Holder {
    const rule = machine.holders[stage] ?? { role: 'prosecutor', side: 'requesting', office: true };
    return {
      role: rule.role,
      side: rule.side,
      jurisdiction: rule.side === 'requesting' ? requestingState : requestedState,
      authorityId: rule.office ? requestingAuthorityId : null,
    };
  }

  // The other side's central authority, alerted too for clocks both sides keep.
  function counterpartOf(holder: Holder): Holder {
    const side = holder.side === 'requesting' ? 'requested' : 'requesting';
    return {
      role: 'central_authority',
      side,
      jurisdiction: side === 'requesting' ? requestingState : requestedState,
      authorityId: null,
    };
  }

  function context(): ActionContext {
    return { snapshot: s, requestingState, requestedState, internalReview: input.internalReview };
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

  // A neededBy date changed on a returned draft: the deadline the case kept carries the first
  // date; the one planned now (on resubmission) the draft's. The label names the date (the
  // instants of two plans of one date differ in a run whose periods are scaled, DeadlineScale).
  function withReplannedNeededBy(deadlines: CaseDeadline[], planned: CaseDeadline[]): CaseDeadline[] {
    const kept = deadlines.find((d) => d.key === NEEDED_BY_DEADLINE_KEY);
    const replanned = planned.find((d) => d.key === NEEDED_BY_DEADLINE_KEY);
    if (!kept || !replanned || replanned.label === kept.label || !patched(NEEDED_BY_REPLAN_PATCH)) return deadlines;
    return deadlines.map((d) => (d === kept ? replanned : d));
  }

  // The deadlines a stage's entry starts, from the rules (activities); periods the rules leave
  // unconfirmed get no date but are named on the transition, so both sides see the warning.
  async function plan(
    toStage: CaseStage,
    next: CaseSnapshot,
    at: string,
    events: Record<string, string>,
  ): Promise<{ deadlines: CaseDeadline[]; unconfirmed: unknown[] }> {
    const base = { caseId, stage: toStage, requestingState, requestedState, draft: next.draft, basisId: next.basisId, at };
    if (!patched(KERNEL_PLAN_PATCH)) return { deadlines: await orRefuse(() => planDeadlines(base)), unconfirmed: [] };
    const triggers = machine.triggers[toStage] ?? [];
    const neededByPending = Boolean(next.draft.neededBy) && !next.deadlines.some((d) => d.key === NEEDED_BY_DEADLINE_KEY);
    if (triggers.length === 0 && !neededByPending && patched(CLOCK_STAGES_PLAN_PATCH)) {
      return { deadlines: [], unconfirmed: [] };
    }
    // The activity decides from the machine which rules events the stage stands for.
    const instants = Object.fromEntries(triggers.map((t) => [t, events[t] ?? at]));
    return orRefuse(() => planCaseDeadlines({ ...base, kind: machine.kind as CaseSnapshot['kind'], events: instants }));
  }

  /**
   * One transition: plan its deadlines, project it, and only then adopt it. `changes` are the
   * action's own effects on the snapshot; nothing of them is kept if the projection fails.
   */
  async function apply(toStage: CaseStage, step: Step): Promise<CaseSnapshot> {
    const { action, actorId = null, reason = null, outcome = null, changes = {} } = step;
    let details = step.details ?? {};
    const visibility = step.visibility ?? visibilityIn(machine, action, null);
    const next: CaseSnapshot = { ...s, ...changes };
    const at = new Date(Date.now()).toISOString();
    const fromStage = s.lastProjectedSeq < 0 ? null : s.stage;
    let deadlines = next.deadlines;
    if (toStage === CLOSED_STAGE) {
      deadlines = [];
    } else if (toStage !== fromStage) {
      const planned = await plan(toStage, next, at, step.events ?? {});
      if (planned.unconfirmed.length) details = { ...details, unconfirmedDeadlines: planned.unconfirmed };
      deadlines = withReplannedNeededBy(deadlinesForStage(next.deadlines, planned.deadlines, toStage, Date.now()), planned.deadlines);
    }
    const holder = holderFor(toStage);
    const seq = s.seq;
    // Decisions (Updates) project durably; the other transitions repeat deterministically on replay.
    const durably = step.decision === true && patched(DURABLE_DECISIONS_PATCH);
    const project = durably ? durable.projectTransition : projectTransition;
    const projected = orRefuse(
      () =>
        project({
          ...(kind ? { kind } : {}),
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
    const adopted = { stage: toStage, outcome, holder, deadlines, seq: seq + 1, lastProjectedSeq: seq };
    // Only a durable projection may be answered before it commits: it is in history already.
    if (durably) step.onScheduled?.({ ...s, ...next, ...adopted });
    await projected;
    Object.assign(s, next, adopted);
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

  async function perform(a: ActionInput, onScheduled?: Step['onScheduled']): Promise<CaseSnapshot> {
    const ctx = context();
    const refusal = refusalIn(machine, a as AnyActionInput, ctx);
    if (refusal) fail(FAILURE_TYPES[refusal.kind], refusal.message);
    const spec = machine.actions[a.action];
    const effect = spec.effect?.(ctx, a as never) ?? {};
    const toStage = typeof spec.to === 'string' ? spec.to : spec.to(ctx, a as never);
    const outcome =
      toStage === CLOSED_STAGE && spec.outcome
        ? typeof spec.outcome === 'string'
          ? spec.outcome
          : spec.outcome(ctx, a as never)
        : null;
    // What the actor did, and who sees it (their side, or both when the machine shares it).
    const step: Step = {
      action: a.action,
      actorId: a.actor.userId,
      reason: spec.noReason ? null : a.reason?.trim() || null,
      visibility: visibilityIn(machine, a.action, sideOf(a.actor, requestingState, requestedState)),
      decision: true,
      outcome,
      ...effect,
      ...(onScheduled ? { onScheduled } : {}),
    };
    switch (spec.kernel) {
      case 'assess-submission':
        return apply(toStage, await assessed(step));
      case 'extend-deadline':
        return apply(toStage, extended(step, a));
      case 'open-linked-case':
        return withLinkedCase(toStage, step, a);
      default:
        return apply(toStage, step);
    }
  }

  // The submission stands on the rules' evaluation (an activity) and the kind's own needs.
  async function assessed(step: Step): Promise<Step> {
    const assessment = await orRefuse(() =>
      assessSubmission({
        caseId,
        ...(kind ? { kind } : {}),
        requestingState,
        requestedState,
        draft: s.draft,
        at: new Date(Date.now()).toISOString(),
      }),
    );
    const missing = [...assessment.missing, ...(machine.completeness?.(s.draft) ?? [])];
    if (missing.length > 0 || !assessment.complete) {
      fail(CaseFailureType.INCOMPLETE_REQUEST, 'the request is incomplete', { missing });
    }
    const basisId = assessment.basisId;
    return {
      ...step,
      details: {
        basisId,
        channel: assessment.channel,
        warnings: assessment.warnings,
        ...(assessment.evaluationId ? { evaluationId: assessment.evaluationId } : {}),
      },
      changes: { translationRequired: assessment.translationRequired, channel: assessment.channel, basisId },
    };
  }

  function extended(step: Step, a: ActionInput): Step {
    const target = s.deadlines.find((d) => d.key === a.deadlineKey);
    if (!target) fail(CaseFailureType.INVALID_INPUT, `no deadline ${a.deadlineKey} on this case`);
    if (Date.parse(a.newDueAt!) <= Date.parse(target.dueAt)) {
      fail(CaseFailureType.INVALID_INPUT, 'newDueAt must be later than the current due date');
    }
    const deadlines = s.deadlines.map((d) => (d === target ? extendDeadline(d, a.newDueAt!) : d));
    return { ...step, details: { deadlineKey: target.key, from: target.dueAt, to: a.newDueAt }, changes: { deadlines } };
  }

  // A refusal with domestic prosecution instead (Mexican Federal Penal Code art. 4, LEI art. 32)
  // opens the art. 4 case as a child workflow that outlives this one, linked both ways.
  async function withLinkedCase(toStage: CaseStage, step: Step, a: ActionInput): Promise<CaseSnapshot> {
    if (!a.domesticProsecution) return apply(toStage, step);
    const linkedCaseId = uuid4();
    const result = await apply(toStage, { ...step, details: { ...step.details, linkedCaseId } });
    const linked: CaseWorkflowInput = {
      kind: 'foreign_prosecution',
      caseId: linkedCaseId,
      requestingState,
      requestedState,
      requestingAuthorityId,
      createdBy: input.createdBy,
      internalReview: false,
      draft: {
        reference: s.draft.reference,
        summary: s.draft.summary,
        offences: s.draft.offences,
        personSought: s.draft.personSought,
      },
      links: [{ caseId, relation: 'extradition' }],
    };
    const foreign = machineFor('foreign_prosecution');
    await startChild(foreign.workflowType, {
      workflowId: `case/${linkedCaseId}`,
      args: [linked],
      // The art. 4 case lives on after the extradition closes.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: STAGE_SEARCH_ATTRIBUTE, value: 'draft' },
        { key: PAIR_SEARCH_ATTRIBUTE, value: `${requestingState}-${requestedState}` },
        { key: KIND_SEARCH_ATTRIBUTE, value: 'foreign_prosecution' },
        { key: OVERDUE_SEARCH_ATTRIBUTE, value: false },
      ],
    });
    return result;
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
      if (s.stage === CLOSED_STAGE) break;
      await recordNote(note);
    }
  }

  // A reminder whose instant has come; a deadline with several alerts waits for the next one.
  async function remind(d: CaseDeadline, base: Omit<Parameters<CaseActivities['recordDeadlineEvent']>[0], 'kind' | 'eventId'>) {
    const eventId = d.alerts === undefined ? `${d.key}:${d.dueAt}:reminder` : `${d.key}:${d.dueAt}:reminder:${d.remindAt}`;
    await recordDeadlineEvent({ ...base, kind: 'reminder', eventId });
    if (d.alerts?.length) {
      d.remindAt = d.alerts[0];
      d.alerts = d.alerts.slice(1);
    } else {
      d.status = 'reminded';
    }
  }

  // Reminders and breaches whose instant has come, in order, one per deadline (its next one waits
  // for the next pass); resolves to how many fired. A breach escalates, moves the case (a lapse
  // closes it) or puts a decision before someone, as the machine's binding says.
  async function fireDueDeadlines(): Promise<number> {
    const now = Date.now();
    let fired = 0;
    for (const d of s.deadlines) {
      if (s.stage === CLOSED_STAGE) return fired;
      const binding = machine.deadlines[d.key];
      const base = {
        caseId,
        deadlineKey: d.key,
        dueAt: d.dueAt,
        holder: s.holder,
        at: new Date(now).toISOString(),
        visibility: d.visibility,
        ...(binding?.alertBothSides ? { counterpart: counterpartOf(s.holder) } : {}),
      };
      try {
        // A deadline with a list of alerts sends every one, however late (none is skipped for the
        // breach); MLA deadlines planned before the kernel drop a reminder the breach overtook.
        if (
          d.status === 'pending' &&
          d.remindAt &&
          Date.parse(d.remindAt) <= now &&
          (Date.parse(d.dueAt) > now || d.alerts !== undefined)
        ) {
          await remind(d, base);
          fired++;
        } else if ((d.status === 'pending' || d.status === 'reminded') && Date.parse(d.dueAt) <= now) {
          // Snapshots from before the kernel name the lapse on the deadline itself.
          const breach = binding?.breach ?? (d.onBreach === 'lapse'
            ? { effect: 'transition' as const, toStage: CLOSED_STAGE, action: 'lapse', outcome: 'lapsed' as const, label: 'lapse' }
            : { effect: 'escalate' as const });
          // Both sides see what a shared clock did; a side's own review period stays on its side.
          const passed = { reason: `deadline ${d.key} passed`, details: { deadlineKey: d.key }, visibility: d.visibility ?? 'shared' };
          if (breach.effect === 'transition') {
            await apply(breach.toStage, { action: breach.action, ...passed, outcome: breach.outcome ?? null });
            return fired + 1;
          }
          await recordDeadlineEvent({
            ...base,
            kind: 'escalation',
            eventId: `${d.key}:${d.dueAt}:escalation`,
          });
          d.status = 'breached';
          fired++;
          if (breach.effect === 'prompt-decision') {
            await apply(breach.toStage, { action: breach.action, ...passed });
            return fired;
          }
          if (!s.overdue) {
            s.overdue = true;
            upsertSearchAttributes([{ key: OVERDUE_SEARCH_ATTRIBUTE, value: true }]);
          }
        }
      } catch (err) {
        // The event keeps its status, so the retry records it (idempotent on its id).
        if (retryLater(`deadline event ${d.key}`, err)) return fired;
      }
    }
    return fired;
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
  // Temporal answers a repeated Update id itself within a run; the ids of keyed actions are kept
  // in the snapshot so that a repeat arriving after continue-as-new is answered, not applied again.
  const keyedRequest = (): string | null => {
    const id = currentUpdateInfo()?.id;
    return id?.startsWith(KEYED_UPDATE_PREFIX) ? id : null;
  };
  const alreadyTaken = (id: string | null): boolean => id !== null && (s.keyedRequests ?? []).includes(id);
  function takeAction(a: ActionInput, request: string | null, onScheduled?: Step['onScheduled']): Promise<CaseSnapshot> {
    return exclusive(async () => {
      if (alreadyTaken(request)) return s;
      const next = await perform(a, onScheduled);
      if (request) s.keyedRequests = [...(s.keyedRequests ?? []), request].slice(-KEYED_REQUESTS_KEPT);
      return next;
    });
  }
  const actionValidator = {
    validator: (a: ActionInput) => {
      if (alreadyTaken(keyedRequest())) return;
      const refusal = refusalIn(machine, a as AnyActionInput, context());
      // While a decision is still being recorded (its projection committed, the workflow not yet
      // past it, e.g. after a worker restart or right after an early answer) the stage is about to
      // change: the action waits its turn and perform() judges it against the stage it then
      // finds, instead of refusing a decision the read model already shows as possible.
      if (refusal && !(refusal.kind === 'stage' && busy)) fail(FAILURE_TYPES[refusal.kind], refusal.message);
    },
  };
  setHandler(performActionUpdate, (a) => takeAction(a, keyedRequest()), actionValidator);
  // Answered once the projection is scheduled; a refusal that comes after the answer is kept for
  // the caller, who is waiting for the projection (see beginActionUpdate).
  setHandler(
    beginActionUpdate,
    (a) => {
      const updateId = currentUpdateInfo()?.id ?? '';
      return new Promise<CaseSnapshot>((resolve, reject) => {
        let answered = false;
        const answer = (snapshot: CaseSnapshot) => {
          answered = true;
          resolve(snapshot);
        };
        takeAction(a, keyedRequest(), answer).then(resolve, (err: unknown) => {
          if (!answered) return reject(err);
          // A fault of the workflow's own (not the records') must still fail its task, as before.
          if (!(err instanceof ApplicationFailure)) throw err;
          const refused = { updateId, type: err.type ?? CaseFailureType.UNAVAILABLE, message: err.message };
          s.refusedDecisions = [...(s.refusedDecisions ?? []), refused].slice(-REFUSED_DECISIONS_KEPT);
        });
      });
    },
    actionValidator,
  );

  if (!input.resume) {
    // A case that cannot be recorded for good ends here; one whose records are unreachable
    // waits for them: it is never dropped.
    while (s.lastProjectedSeq < 0 && createRefused === null) {
      try {
        await exclusive(() =>
          apply('draft', {
            action: 'create',
            actorId: input.createdBy,
            visibility: 'requesting',
            ...(input.links?.length ? { details: { links: input.links } } : {}),
          }),
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

  // The last pass fired nothing and left an event due (its record failed or refused it): the next
  // try waits on a timer, as before the patch, so a case never spins within one workflow task.
  let stalled = false;
  while (s.stage !== CLOSED_STAGE) {
    if (workflowInfo().continueAsNewSuggested) {
      // Drain in-flight updates first: a handler still running would be lost by continue-as-new.
      await condition(() => !busy && allHandlersFinished());
      await continueAsNew<typeof caseWorkflow>({ ...input, draft: s.draft, resume: { ...s } });
    }
    rearm = false;
    const next = earliest(
      nextDeadlineInstant(s.deadlines),
      s.retryAt === null ? null : Date.parse(s.retryAt),
    );
    const woken = (): boolean => rearm || s.stage === CLOSED_STAGE || workflowInfo().continueAsNewSuggested;
    const deadlineDue = (nextDeadlineInstant(s.deadlines) ?? Infinity) <= Date.now();
    const interrupted =
      deadlineDue && !stalled && !woken() && patched(DUE_AT_ONCE_PATCH)
        ? false
        : next === null
          ? await condition(woken).then(() => true)
          : await condition(woken, Math.max(0, next - Date.now()));
    if (!interrupted) {
      await exclusive(async () => {
        await retryPendingNotes();
        const fired = await fireDueDeadlines();
        stalled = fired === 0 && (nextDeadlineInstant(s.deadlines) ?? Infinity) <= Date.now();
      });
    }
  }
  // A decision answered early may still be committing: the case ends after it.
  await condition(() => !busy && allHandlersFinished());
  return s;
}

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
