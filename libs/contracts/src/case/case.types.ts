import type { JurisdictionCode } from '../../../domain/src';
import type { CaseDraft } from './case-draft';

export const MLA_STAGES = [
  'draft',
  'internal_review',
  'central_authority_review',
  'translation',
  'ready_to_transmit',
  'transmitted',
  'acknowledged',
  'under_execution',
  'supplementary_information',
  'responded',
  'closed',
] as const;
/** Where an MLA request stands in its workflow. */
export type MlaStage = (typeof MLA_STAGES)[number];

export const CASE_OUTCOMES = [
  'executed',
  'partially_executed',
  'refused',
  'rejected',
  'withdrawn',
  'lapsed',
  // extradition
  'surrendered',
  'person_deceased',
  // foreign prosecution (Mexican Federal Penal Code art. 4)
  'prosecuted',
  'declined',
] as const;
/** How a closed case ended. `rejected`: stopped by its own central authority; `refused`: by the requested state. */
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const ROLES = ['prosecutor', 'central_authority', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A stage of any kind's machine (see libs/contracts/src/machines). */
export type CaseStage = MlaStage | (string & {});

/** Which state's side acts: the one that asks, or the one asked. */
export type Side = 'requesting' | 'requested';

/**
 * Who may see something a case accumulates (a timeline entry, a note, a deadline, an audit
 * record): one side only, or both. Each side's internal deliberations stay on its side.
 */
export type Visibility = Side | 'shared';
export const VISIBILITIES = ['requesting', 'requested', 'shared'] as const satisfies readonly Visibility[];

/** Who performs an action, as the api authenticated them. Ids and codes only. */
export interface Actor {
  userId: string;
  roles: Role[];
  authorityId: string | null;
  jurisdiction: JurisdictionCode;
}

/** An MLA request's draft: the one draft model. */
export type MlaDraft = CaseDraft;

/** Who holds the case now: the authority that must act next. */
export interface Holder {
  role: Role;
  side: Side;
  jurisdiction: JurisdictionCode;
  authorityId: string | null;
}

/** What a breach does, as shown on the deadline (the machine's binding holds the effect itself). */
export type DeadlineBreachEffect = 'escalate' | 'lapse' | 'transition' | 'prompt-decision';

/** The key of the deadline a request's own neededBy date sets (planned once, kept in every open stage). */
export const NEEDED_BY_DEADLINE_KEY = 'needed-by';

/** A deadline the workflow keeps with a durable timer; instants are ISO 8601. */
export interface CaseDeadline {
  key: string;
  label: string;
  dueAt: string;
  /** When the (next) reminder fires, before dueAt. */
  remindAt: string | null;
  /** Later reminders after remindAt (e.g. 15, 7 and 2 days before), earliest first. */
  alerts?: string[];
  onBreach: DeadlineBreachEffect;
  /** The deadline runs in these stages; leaving them (to any other than a paused one) meets it. */
  activeInStages: CaseStage[];
  /** The clock stops in these stages (e.g. while the other side is asked for information). */
  pausedInStages: CaseStage[];
  source: string;
  confidence: string;
  /**
   * How the period counts: business days skip the weekends and holidays of `calendarCountry`.
   * Absent on deadlines planned before it was recorded.
   */
  unit?: 'calendar' | 'business';
  calendarCountry?: string;
  status: 'pending' | 'reminded' | 'breached' | 'paused' | 'met';
  /** Milliseconds left when the clock was stopped. */
  remainingMs: number | null;
  /** Who sees it: a side's own review periods stay on that side; treaty clocks are shared. */
  visibility?: Visibility;
}

/** Input of a case workflow; `resume` carries the state across continue-as-new. */
export interface CaseWorkflowInput {
  /** Absent on MLA cases started before the kernel: they are MLA. */
  kind?: CaseKindName;
  caseId: string;
  requestingState: JurisdictionCode;
  requestedState: JurisdictionCode;
  requestingAuthorityId: string | null;
  createdBy: string;
  internalReview: boolean;
  draft: MlaDraft;
  /**
   * Digest of the create request when the client sent an Idempotency-Key: a repeat of the key
   * with another body is refused instead of silently answered with this case.
   */
  requestHash?: string;
  /** Cases this one is linked to from its creation (a domestic prosecution opened on a refusal). */
  links?: { caseId: string; relation: string }[];
  resume?: CaseSnapshot;
}
/** The input of mlaRequestWorkflow. */
export type MlaWorkflowInput = CaseWorkflowInput;

export const CASE_KIND_NAMES = ['mla', 'extradition', 'foreign_prosecution'] as const;
/** The kinds of case the kernel runs, one machine each. */
export type CaseKindName = (typeof CASE_KIND_NAMES)[number];

/** A notice the records could not take yet; retried by the workflow until they do. */
export interface PendingNote {
  note: string;
  actorId: string;
  /** Who may read it; notes stay on their author's side unless shared. */
  visibility?: Visibility;
}

/** The whole state of a case workflow (query result and continue-as-new carrier). */
export interface CaseSnapshot {
  caseId: string;
  /** Absent on snapshots of MLA cases started before the kernel. */
  kind?: CaseKindName;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  /** Sequence number the next transition takes. */
  seq: number;
  /** The last transition the read model confirmed; -1 before the first. */
  lastProjectedSeq: number;
  draft: MlaDraft;
  holder: Holder;
  deadlines: CaseDeadline[];
  translationRequired: boolean;
  channel: string | null;
  /** The legal basis chosen at submission; deadlines are planned from it. */
  basisId: string | null;
  supplementaryRounds: number;
  partialResponses: number;
  finalResult: 'executed' | 'partially_executed' | null;
  overdue: boolean;
  /** Notices received while the records were unreachable. */
  pendingNotes: PendingNote[];
  /** When background work (notices, deadline events) that failed is tried again, ISO 8601. */
  retryAt: string | null;
  /**
   * Facts of the kind's own (transmission details, arrest, appeal to resume from, surrender);
   * absent on snapshots carried before the kernel.
   */
  facts?: Record<string, unknown>;
  /**
   * The latest keyed actions taken (their Update ids, KEYED_UPDATE_PREFIX): a repeat that reaches
   * a later run, where Temporal no longer recognises it, is answered instead of applied again.
   */
  keyedRequests?: string[];
  /**
   * Actions answered before their projection (beginAction) that the records then refused, by
   * Update id, latest last: the caller waiting for the projection learns the outcome here.
   */
  refusedDecisions?: RefusedDecision[];
}

/** A decision answered early whose projection the records refused; the case is as it was. */
export interface RefusedDecision {
  updateId: string;
  /** A CaseFailureType: UNPROCESSABLE (refused for good) or UNAVAILABLE (records unreachable). */
  type: string;
  message: string;
}
/** The state of an MLA request. */
export type MlaSnapshot = CaseSnapshot;

/** One transition handed to the projection activity; (caseId, seq) is its idempotency key. */
export interface CaseTransition {
  /** Absent from MLA cases' transitions before the kernel. */
  kind?: CaseKindName;
  caseId: string;
  seq: number;
  requestingState: JurisdictionCode;
  requestedState: JurisdictionCode;
  requestingAuthorityId: string | null;
  createdBy: string;
  fromStage: CaseStage | null;
  toStage: CaseStage;
  outcome: CaseOutcome | null;
  action: string;
  actorId: string | null;
  reason: string | null;
  holder: Holder;
  deadlines: CaseDeadline[];
  draft: MlaDraft;
  /** Extra facts of the action (channel, grounds, counts); ids and codes only. */
  details: Record<string, unknown>;
  /** Who may see this timeline entry and its audit record. */
  visibility?: Visibility;
  /** Workflow time of the transition, ISO 8601. */
  at: string;
  /** On the case's first transition: the digest of the create request (see MlaWorkflowInput). */
  requestHash?: string;
}

/** A reminder or a breach of a deadline, recorded and notified by an activity. */
export interface DeadlineEvent {
  caseId: string;
  /** Idempotency key: deadline key, due instant and kind. */
  eventId: string;
  deadlineKey: string;
  kind: 'reminder' | 'escalation';
  dueAt: string;
  holder: Holder;
  at: string;
  visibility?: Visibility;
  /** Also alerted: the other side's holder for clocks both sides keep (provisional arrest). */
  counterpart?: Holder;
}
