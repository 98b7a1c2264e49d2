import type { CaseFacts } from './case-access.policy';

/** The columns of a `cases` row (alias `c`) that access decisions read, with its assignments. */
export const CASE_FACTS_COLUMNS = `c.id, c.kind, c.requesting_state, c.requested_state, c.requesting_authority_id, c.transmitted_at,
  c.sealed, ARRAY(SELECT ca.user_id::text FROM case_assignments ca WHERE ca.case_id = c.id) AS assigned`;

/** A row read with CASE_FACTS_COLUMNS. */
export interface CaseFactsRow {
  id: string;
  requesting_state: string;
  requested_state: string;
  requesting_authority_id: string | null;
  transmitted_at: Date | null;
  sealed: boolean;
  assigned: string[];
  /** The case's kind, whose machine judges its actions. */
  kind?: string;
}

/** The access facts of such a row, as the access policy takes them. */
export function caseFactsFromRow(row: CaseFactsRow): CaseFacts {
  return {
    id: row.id,
    requestingState: row.requesting_state,
    requestedState: row.requested_state,
    requestingAuthorityId: row.requesting_authority_id,
    transmittedAt: row.transmitted_at,
    sealed: row.sealed,
    assignedUserIds: row.assigned,
    ...(row.kind ? { kind: row.kind } : {}),
  };
}
