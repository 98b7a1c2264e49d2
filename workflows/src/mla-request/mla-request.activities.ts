import type {
  CaseDeadline,
  CaseTransition,
  DeadlineEvent,
  MlaDraft,
  MlaStage,
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
  stage: MlaStage;
  requestingState: string;
  requestedState: string;
  draft: MlaDraft;
  basisId: string | null;
  /** Instant the stage was entered, ISO 8601. */
  at: string;
}

// The activities an MLA request workflow calls; apps/worker implements them.
export interface MlaActivities {
  projectTransition(transition: CaseTransition): Promise<void>;
  assessSubmission(input: {
    caseId: string;
    requestingState: string;
    requestedState: string;
    draft: MlaDraft;
    at: string;
  }): Promise<SubmissionAssessment>;
  planDeadlines(input: DeadlinePlanInput): Promise<CaseDeadline[]>;
  recordDeadlineEvent(event: DeadlineEvent): Promise<void>;
}
