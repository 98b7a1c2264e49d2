import type { CaseKind, JurisdictionCode } from '../../../domain/src';

export const CASE_STAGES = [
  'draft',
  'central_authority_review',
  'closed',
] as const;
/** Where a case stands in its workflow. */
export type CaseStage = (typeof CASE_STAGES)[number];

export const CASE_OUTCOMES = ['executed', 'partially_executed', 'refused', 'withdrawn', 'lapsed'] as const;
/** How a closed case ended. */
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Input of caseWorkflow; carried again on continue-as-new. */
export interface CaseWorkflowInput {
  caseId: string;
  kind: CaseKind;
  requestingState: JurisdictionCode;
  requestedState: JurisdictionCode;
}

/** What the case workflow reports about itself (query result). */
export interface CaseState {
  caseId: string;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  /** Number of transitions so far; the projection key is caseId + seq. */
  seq: number;
}

/** One transition handed to the projection activity. */
export interface CaseTransition {
  caseId: string;
  seq: number;
  kind: CaseKind;
  requestingState: JurisdictionCode;
  requestedState: JurisdictionCode;
  fromStage: CaseStage | null;
  toStage: CaseStage;
  outcome: CaseOutcome | null;
  action: string;
  actorId: string | null;
  reason: string | null;
  /** Workflow time of the transition, ISO 8601. */
  at: string;
}
