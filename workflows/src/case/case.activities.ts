import type {
  CaseDeadline,
  CaseKindName,
  CaseStage,
  CaseTransition,
  DeadlineEvent,
  MlaDraft,
} from '../../../libs/contracts/src';

export interface SubmissionAssessment {
  complete: boolean;
  missing: { field: string; reason: string }[];
  translationRequired: boolean;
  channel: string;
  basisId: string | null;
  warnings: string[];
  /** The evaluation kept for the case's reviewers (see GET /cases/{id}/evaluation). */
  evaluationId?: string;
}

export interface DeadlinePlanInput {
  caseId: string;
  /** Absent in MLA cases' histories from before the kernel. */
  kind?: CaseKindName;
  stage: CaseStage;
  requestingState: string;
  requestedState: string;
  draft: MlaDraft;
  basisId: string | null;
  /** Instant the stage was entered, ISO 8601. */
  at: string;
  /** Instants of the rules events the stage's entry stands for (default: `at`). */
  events?: Record<string, string>;
}

/** A deadline the rules name but whose period is not established: no date is computed. */
export interface UnconfirmedDeadline {
  key: string;
  label: string;
  source: string;
  confidence: string;
}

export interface DeadlinePlan {
  deadlines: CaseDeadline[];
  unconfirmed: UnconfirmedDeadline[];
}

// The activities a case workflow calls, for every kind; apps/worker implements them.
export interface CaseActivities {
  projectTransition(transition: CaseTransition): Promise<void>;
  assessSubmission(input: {
    caseId: string;
    kind?: CaseKindName;
    requestingState: string;
    requestedState: string;
    draft: MlaDraft;
    at: string;
  }): Promise<SubmissionAssessment>;
  /** MLA cases' histories from before the kernel call this one. */
  planDeadlines(input: DeadlinePlanInput): Promise<CaseDeadline[]>;
  planCaseDeadlines(input: DeadlinePlanInput): Promise<DeadlinePlan>;
  recordDeadlineEvent(event: DeadlineEvent): Promise<void>;
}
