import type { Actor, CaseOutcome, CaseSnapshot, Role, Side, Visibility } from './case.types';
import type { CaseDraft } from './case-draft';

// The shape every case kind declares once (libs/contracts/src/machines/<kind>.machine.ts) and the
// one kernel workflow (workflows/src/case) runs: stages, actions (who, target stage, typed input),
// a holder per stage, and deadline bindings with their breach effect. Workflow, worker and api all
// read the same machine, so a rule is never written twice.

/** Who holds a case in a stage: a role on one side; `office` narrows it to the requesting office. */
export interface HolderRule {
  role: Role;
  side: Side;
  office?: boolean;
}

/**
 * What the breach of a deadline does. `escalate` notifies the holder and their supervisors;
 * `transition` moves the case (e.g. a lapse closes it); `prompt-decision` records the breach
 * and moves the case to a stage where someone must decide (e.g. release after the
 * provisional-arrest window), without closing it.
 */
export type BreachEffect =
  | { effect: 'escalate' }
  | { effect: 'transition'; toStage: string; action: string; outcome?: CaseOutcome; label: string }
  | { effect: 'prompt-decision'; toStage: string; action: string };

/**
 * How one deadline the rules compute (matched by its step) lives in a case; its clock starts with
 * the rules event a stage's entry stands for (CaseMachine.triggers).
 */
export interface DeadlineBinding {
  activeInStages: readonly string[];
  pausedInStages: readonly string[];
  breach: BreachEffect;
  visibility: Visibility;
  /** Both sides are alerted, not only whoever holds the case. */
  alertBothSides?: boolean;
}

/** What an action's effect sees: the case as it stands and the facts fixed at its start. */
export interface ActionContext {
  snapshot: CaseSnapshot;
  requestingState: string;
  requestedState: string;
  internalReview: boolean;
}

/** The effects of an action on the case, adopted only once its projection has committed. */
export interface ActionEffect {
  details?: Record<string, unknown>;
  changes?: Partial<CaseSnapshot>;
  /** Instants of rules events this action fixes (an arrest date), for the deadlines it starts. */
  events?: Record<string, string>;
}

/** Work the kernel itself does for an action, beyond moving the case. */
export type KernelStep = 'assess-submission' | 'extend-deadline' | 'open-linked-case';

export interface ActionSpec<I extends { action: string } = { action: string }> {
  from: readonly string[];
  roles: readonly Role[];
  side: Side | 'either';
  /** True when the entry is shared with the other state; otherwise it stays on the actor's side. */
  shared?: boolean;
  /** Fields that must be present and not blank. */
  requires?: readonly Exclude<keyof I, 'action' | 'actor'>[];
  /** Why the input is unacceptable (422), or null. Pure: it runs in the Update validator. */
  check?: (input: I, ctx: ActionContext) => string | null;
  to: string | ((ctx: ActionContext, input: I) => string);
  outcome?: CaseOutcome | ((ctx: ActionContext, input: I) => CaseOutcome);
  /** The timeline keeps no reason for it (draft edits, submission). */
  noReason?: boolean;
  effect?: (ctx: ActionContext, input: I) => ActionEffect;
  kernel?: KernelStep;
}

/** An action's input as the kernel handles it: the action, who takes it, and its own fields. */
export type AnyActionInput = { action: string; actor: Actor } & Record<string, unknown>;

export interface CaseMachine {
  kind: string;
  /** Temporal workflow type; MLA keeps its historic name so running cases continue. */
  workflowType: string;
  stages: readonly string[];
  actions: Readonly<Record<string, ActionSpec<never>>>;
  holders: Readonly<Record<string, HolderRule>>;
  deadlines: Readonly<Record<string, DeadlineBinding>>;
  /** The rules events a stage's entry stands for (their instant is the entry, unless an action fixes it). */
  triggers: Readonly<Record<string, readonly string[]>>;
  /** Requested states this kind may be addressed to; all when absent. */
  requestedStates?: readonly string[];
  /** Draft fields the kind needs at submission beyond what the rules list (pure). */
  completeness?: (draft: CaseDraft) => { field: string; reason: string }[];
}

/** Declares a machine with its action inputs typed as a union keyed by action. */
export function defineMachine<I extends { action: string }>(
  machine: Omit<CaseMachine, 'actions'> & {
    actions: { [A in I['action']]: ActionSpec<Extract<I, { action: A }> & { actor: Actor }> };
  },
): CaseMachine {
  return machine as unknown as CaseMachine;
}

/** The stage every kind ends in. */
export const CLOSED_STAGE = 'closed';

// ---- actions and inputs common to every kind ----------------------------------------------

export const TRANSMISSION_CHANNELS = ['central_authority', 'diplomatic_note', 'interpol_copy'] as const;
export type TransmissionChannel = (typeof TRANSMISSION_CHANNELS)[number];

/** How a request travelled: on every case of every kind. Instants are ISO 8601. */
export interface TransmissionDetails {
  channel?: TransmissionChannel;
  /** The diplomatic note or reference number of the sending side. */
  referenceNumber?: string;
  sentAt?: string;
  receivedAt?: string;
  /** The receiving side's own reference. */
  counterpartReference?: string;
}

export const LINK_RELATIONS = ['same_investigation', 'extradition', 'domestic_prosecution', 'related'] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

/** A link from one case to another; shown only to those who may see both. */
export interface CaseLink {
  caseId: string;
  relation: LinkRelation;
}

export type CommonActionInput =
  | { action: 'extend_deadline'; deadlineKey: string; newDueAt: string; reason: string }
  | { action: 'record_transmission_details'; transmission: TransmissionDetails; reason?: string }
  | { action: 'link_case'; link: CaseLink; reason?: string };

const isInstant = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** Why transmission details are unacceptable, or null. */
export function transmissionProblem(t: unknown, channelRequired: boolean): string | null {
  if (t === undefined || t === null) return channelRequired ? 'transmission is required' : null;
  if (typeof t !== 'object') return 'transmission must be an object';
  const d = t as TransmissionDetails;
  if (channelRequired && d.channel === undefined) return 'transmission.channel is required';
  if (d.channel !== undefined && !TRANSMISSION_CHANNELS.includes(d.channel)) {
    return `transmission.channel must be one of ${TRANSMISSION_CHANNELS.join(', ')}`;
  }
  for (const key of ['sentAt', 'receivedAt'] as const) {
    if (d[key] !== undefined && !isInstant(d[key])) return `transmission.${key} must be an ISO 8601 instant`;
  }
  if (d.sentAt && d.receivedAt && Date.parse(d.receivedAt) < Date.parse(d.sentAt)) {
    return 'transmission.receivedAt cannot precede sentAt';
  }
  return null;
}

/** The transmission details after `update`, field by field. */
export function mergedTransmission(current: unknown, update: TransmissionDetails | undefined): TransmissionDetails {
  return { ...((current as TransmissionDetails | undefined) ?? {}), ...(update ?? {}) };
}

/**
 * Actions every kind has, from the given stages: a supervisor's deadline extension, the
 * transmission details either side records, and links to other cases.
 */
export function commonActions(open: readonly string[], afterTransmission: readonly string[]) {
  return {
    extend_deadline: {
      from: open,
      roles: ['supervisor'],
      side: 'either',
      requires: ['deadlineKey', 'newDueAt', 'reason'],
      check: (a) => (isInstant(a.newDueAt) ? null : 'newDueAt must be an ISO 8601 instant'),
      to: (ctx) => ctx.snapshot.stage,
      kernel: 'extend-deadline',
    },
    record_transmission_details: {
      from: afterTransmission,
      roles: ['central_authority'],
      side: 'either',
      shared: true,
      requires: ['transmission'],
      check: (a) => transmissionProblem(a.transmission, false),
      to: (ctx) => ctx.snapshot.stage,
      effect: (ctx, a) => {
        const transmission = mergedTransmission(ctx.snapshot.facts?.transmission, a.transmission);
        return { details: { transmission }, changes: { facts: { ...ctx.snapshot.facts, transmission } } };
      },
    },
    link_case: {
      from: open,
      roles: ['prosecutor', 'central_authority'],
      side: 'either',
      requires: ['link'],
      check: (a) =>
        typeof a.link?.caseId === 'string' && LINK_RELATIONS.includes(a.link.relation)
          ? null
          : `link needs a caseId and a relation (${LINK_RELATIONS.join(', ')})`,
      to: (ctx) => ctx.snapshot.stage,
      effect: (_ctx, a) => ({ details: { link: a.link } }),
    },
  } satisfies { [A in CommonActionInput['action']]: ActionSpec<Extract<CommonActionInput, { action: A }> & { actor: Actor }> };
}

// ---- judging an action against a machine ---------------------------------------------------

/** Entries of the platform itself (lapse, repair, termination) that both sides see. */
const SYSTEM_ACTIONS = new Set(['lapse', 'resync', 'terminate']);

/** Who may see the timeline entry (and audit record) of an action. */
export function visibilityIn(machine: CaseMachine, action: string, actorSide: Side | null): Visibility {
  if (SYSTEM_ACTIONS.has(action)) return 'shared';
  if (machine.actions[action]?.shared) return 'shared';
  return actorSide ?? 'requesting';
}

/** The side an actor stands on for a case, or null when neither state is theirs. */
export function sideOf(actor: Actor, requestingState: string, requestedState: string): Side | null {
  if (actor.jurisdiction === requestingState) return 'requesting';
  if (actor.jurisdiction === requestedState) return 'requested';
  return null;
}

export type RefusalKind = 'stage' | 'role' | 'input';

/** Why an actor may not take an action now, or null when they may: stage, role and side, then input. */
export function refusalIn(
  machine: CaseMachine,
  input: AnyActionInput,
  ctx: ActionContext,
): { kind: RefusalKind; message: string } | null {
  const rule = Object.hasOwn(machine.actions, input.action) ? machine.actions[input.action] : undefined;
  if (!rule) return { kind: 'input', message: `unknown action ${String(input.action)} for a ${machine.kind} case` };
  const stage = ctx.snapshot.stage;
  if (!rule.from.includes(stage)) return { kind: 'stage', message: `${input.action} is not allowed in stage ${stage}` };
  const side = sideOf(input.actor, ctx.requestingState, ctx.requestedState);
  if (!rule.roles.some((r) => input.actor.roles.includes(r)) || side === null || (rule.side !== 'either' && rule.side !== side)) {
    return { kind: 'role', message: `${input.action} needs the ${rule.roles.join(' or ')} role on the ${rule.side} side` };
  }
  for (const field of (rule.requires ?? []) as string[]) {
    const value = input[field];
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
      return { kind: 'input', message: `${field} is required for ${input.action}` };
    }
  }
  const problem = rule.check?.(input as never, ctx) ?? null;
  return problem ? { kind: 'input', message: problem } : null;
}

/** The actions an actor could take in the case's stage (for the case view and the query). */
export function allowedIn(machine: CaseMachine, actor: Actor, ctx: ActionContext): string[] {
  return Object.keys(machine.actions).filter((action) => {
    const refusal = refusalIn(machine, { action, actor }, ctx);
    return refusal === null || refusal.kind === 'input';
  });
}

/** A context for judging actions outside the workflow (the api), from the read model's facts. */
export function contextOf(stage: string, requestingState: string, requestedState: string, facts: Record<string, unknown> = {}): ActionContext {
  return {
    snapshot: { stage, facts } as CaseSnapshot,
    requestingState,
    requestedState,
    internalReview: false,
  };
}
