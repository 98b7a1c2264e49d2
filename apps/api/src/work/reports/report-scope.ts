import { supervisionScope, type AuthUser } from '@comity/auth';

// The caller's scope over report data, exactly as lists (caseVisibilityFilter) draw it, plus
// each side seeing only the steps it may see (case_steps.report_visibility): before
// transmission a case is the requesting side's alone.

/**
 * Over stage_duration_rollup `r` (no sealed case is in it): the rows the caller may count.
 * `byOffice` when the scope names the requesting office; otherwise it reads the same over
 * stage_duration_hist, which state-wide readers use.
 */
export function rollupScope(user: AuthUser, firstParam: number): { sql: string; params: unknown[]; byOffice: boolean } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${firstParam + params.push(value) - 1}`;
  let office: string | undefined;
  let state: string | undefined;
  const officeRows = () =>
    (office ??= `(r.requesting_authority_id = ${param(user.authorityId)} AND r.visibility IN ('requesting', 'shared'))`);
  const stateRows = () => {
    if (state) return state;
    const j = param(user.jurisdiction);
    return (state =
      `((r.requesting_state = ${j} AND r.visibility IN ('requesting', 'shared')) OR ` +
      `(r.requested_state = ${j} AND r.visibility IN ('requested', 'shared')))`);
  };
  const parts = new Set<string>();
  for (const role of user.roles) {
    if (role === 'prosecutor') parts.add(officeRows());
    if (role === 'central_authority') parts.add(stateRows());
    if (role === 'supervisor') parts.add(supervisionScope(user) === 'authority' ? officeRows() : stateRows());
  }
  return { sql: parts.size ? `(${[...parts].join(' OR ')})` : '(FALSE)', params, byOffice: office !== undefined };
}

/** Over case_steps `s` of cases `c` the caller may see: the steps of their side and the shared ones. */
export function stepScope(jurisdictionParam: string): string {
  return `s.report_visibility IN ('shared', CASE WHEN c.requesting_state = ${jurisdictionParam} THEN 'requesting'
                                                WHEN c.requested_state = ${jurisdictionParam} THEN 'requested' END)`;
}
