import type { CaseOutcome, CaseStage, Holder, MlaDraft, TransmissionDetails, Visibility } from '@comity/contracts';

export interface TimelineEntry {
  seq: number;
  action: string;
  fromStage: CaseStage | null;
  toStage: CaseStage;
  outcome: CaseOutcome | null;
  /** Set only for the reader's own side. */
  actorId: string | null;
  /** Who acted: name and authority on the reader's side, the authority only across the border. */
  actor: { id: string | null; name: string | null; authority: string | null; jurisdiction: string | null } | null;
  /** Who sees this entry: one side, or both. */
  visibility: Visibility;
  reason: string | null;
  at: string;
  leftAt: string | null;
  dueAt: string | null;
  /** Who held the case after this step; null when no one does (closed by an operator). */
  holder: Holder | null;
  details: Record<string, unknown>;
}

export interface DeadlineView {
  key: string;
  label: string;
  dueAt: string;
  remindAt: string | null;
  onBreach: string;
  status: string;
  active: boolean;
  source: string;
  confidence: string;
  /** How the period counts; null where it was not recorded (count calendar days). */
  unit: 'calendar' | 'business' | null;
  /** For a running business-day period: business days left (the counting country's holidays). */
  businessDaysLeft: number | null;
}

/** Who holds a case, and the person its desk is assigned to (named to the holder's own side only). */
export type HolderView = Holder & { assignee: { id: string; name: string } | null };

export interface CaseSummary {
  id: string;
  kind: string;
  reference: string | null;
  summary: string | null;
  requestingState: string;
  requestedState: string;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  holder: HolderView | null;
  urgent: boolean;
  neededBy: string | null;
  nextDueAt: string | null;
  overdue: boolean;
  sealed: boolean;
  transmittedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  draft: MlaDraft;
  timeline: TimelineEntry[];
  deadlines: DeadlineView[];
  allowedActions: string[];
  /** How the request travelled: channel, reference numbers, dates sent and received. */
  transmission: TransmissionDetails | null;
  /** Linked cases the reader may also see. */
  links: CaseLinkView[];
}

export interface CaseLinkView {
  caseId: string;
  kind: string;
  relation: string;
  reference: string | null;
  stage: CaseStage;
}

export interface CasePage {
  items: CaseSummary[];
  total: number;
  nextCursor: string | null;
}
