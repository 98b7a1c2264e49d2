import { supervisionScope, type AuthUser, type Role } from './auth-user';

// The one access policy for cases. canReadCase/canAct decide for one case in memory;
// caseVisibilityFilter (case-visibility.filter.ts) encodes exactly the same read rule in SQL for
// lists, counts, search and reports. case-visibility.int-spec.ts checks the two agree on real rows.
//
// Read rule, as a union over the caller's roles:
// - prosecutor: cases whose requesting office is the caller's authority;
// - central_authority: cases its jurisdiction requests, and cases requested of its jurisdiction
//   once transmitted;
// - supervisor: like a prosecutor when attached to a prosecuting office, like a central authority
//   otherwise (read-only, plus the supervisory actions);
// - admin: nothing.
// A sealed case is further restricted to users explicitly assigned to it.

/** The facts about a case that access depends on. */
export interface CaseFacts {
  id: string;
  requestingState: string;
  requestedState: string;
  requestingAuthorityId: string | null;
  transmittedAt: Date | string | null;
  sealed: boolean;
  /** Users assigned to the case (case_assignments); only consulted when sealed. */
  assignedUserIds: readonly string[];
  /** The case's kind (its machine judges the actions); MLA when absent. */
  kind?: string;
}

export type CaseSide = 'requesting' | 'requested';

/** A role the caller holds and the side of the case it lets them act on. */
export interface CaseGrant {
  role: Role;
  side: CaseSide;
}

/** The shape of an action rule (libs/contracts MLA_ACTION_RULES fits it). */
export interface ActionRequirement {
  roles: readonly Role[];
  side: CaseSide | 'either';
}

// The case's history (audit trail) is for oversight: central authorities and supervisors who see the case.
export const READ_CASE_HISTORY: ActionRequirement = {
  roles: ['central_authority', 'supervisor'],
  side: 'either',
};

function jurisdictionGrants(role: Role, user: AuthUser, c: CaseFacts): CaseGrant[] {
  const grants: CaseGrant[] = [];
  if (c.requestingState === user.jurisdiction) grants.push({ role, side: 'requesting' });
  if (c.requestedState === user.jurisdiction && c.transmittedAt !== null)
    grants.push({ role, side: 'requested' });
  return grants;
}

function officeGrants(role: Role, user: AuthUser, c: CaseFacts): CaseGrant[] {
  return c.requestingAuthorityId !== null && c.requestingAuthorityId === user.authorityId
    ? [{ role, side: 'requesting' }]
    : [];
}

/** Every (role, side) through which the user reaches the case; empty when they may not see it. */
export function caseGrants(user: AuthUser, c: CaseFacts): CaseGrant[] {
  if (c.sealed && !c.assignedUserIds.includes(user.id)) return [];
  const grants: CaseGrant[] = [];
  for (const role of user.roles) {
    switch (role) {
      case 'prosecutor':
        grants.push(...officeGrants(role, user, c));
        break;
      case 'central_authority':
        grants.push(...jurisdictionGrants(role, user, c));
        break;
      case 'supervisor':
        grants.push(
          ...(supervisionScope(user) === 'authority'
            ? officeGrants(role, user, c)
            : jurisdictionGrants(role, user, c)),
        );
        break;
      case 'admin':
        break;
    }
  }
  return grants;
}

export function canReadCase(user: AuthUser, c: CaseFacts): boolean {
  return caseGrants(user, c).length > 0;
}

/** Whether the user may take an action needing one of `rule.roles` on `rule.side` of this case. */
export function canAct(user: AuthUser, rule: ActionRequirement, c: CaseFacts): boolean {
  return caseGrants(user, c).some(
    (g) => rule.roles.includes(g.role) && (rule.side === 'either' || rule.side === g.side),
  );
}

/** A prosecutor opens cases for their own office, in their own state, as the requesting side. */
export function canCreateCase(
  user: AuthUser,
  requestingState: string,
  requestingAuthorityId?: string | null,
): boolean {
  return (
    user.roles.includes('prosecutor') &&
    requestingState === user.jurisdiction &&
    (requestingAuthorityId === undefined ||
      requestingAuthorityId === null ||
      requestingAuthorityId === user.authorityId)
  );
}

export function canReadCaseHistory(user: AuthUser, c: CaseFacts): boolean {
  return canAct(user, READ_CASE_HISTORY, c);
}

/** Verifying the audit chains: supervisors (their cases and the global chain) and admins (everything). */
export function canVerifyAudit(user: AuthUser): boolean {
  return user.roles.includes('supervisor') || user.roles.includes('admin');
}
