import type { AuthUser, AuthorityKind, Role } from './auth-user';
import {
  canAct,
  canCreateCase,
  canReadCase,
  canReadCaseHistory,
  canVerifyAudit,
  type CaseFacts,
} from './case-access.policy';

const OFFICE_A = 'a0000000-0000-4000-8000-00000000000a';
const OFFICE_B = 'b0000000-0000-4000-8000-00000000000b';
const GT_OFFICE = 'c0000000-0000-4000-8000-00000000000c';

function user(
  roles: Role[],
  authorityKind: AuthorityKind = 'prosecutor_office',
  over: Partial<AuthUser> = {},
): AuthUser {
  return {
    id: 'u0000000-0000-4000-8000-000000000001',
    kind: 'user',
    authorityId: OFFICE_A,
    authorityKind,
    jurisdiction: 'MX',
    roles,
    via: 'password',
    sessionId: null,
    ...over,
  };
}

const base: CaseFacts = {
  id: 'case',
  requestingState: 'MX',
  requestedState: 'US',
  requestingAuthorityId: OFFICE_A,
  transmittedAt: null,
  sealed: false,
  assignedUserIds: [],
};

// The relations of the issue: own office; another office in the same country; the requested
// country before and after transmission; another country; sealed with and without assignment.
const RELATIONS: Record<string, CaseFacts> = {
  ownOffice: base,
  otherOfficeSameCountry: { ...base, requestingAuthorityId: OFFICE_B },
  requestedBeforeTransmission: {
    ...base,
    requestingState: 'GT',
    requestedState: 'MX',
    requestingAuthorityId: GT_OFFICE,
  },
  requestedAfterTransmission: {
    ...base,
    requestingState: 'GT',
    requestedState: 'MX',
    requestingAuthorityId: GT_OFFICE,
    transmittedAt: '2026-01-01T00:00:00Z',
  },
  otherCountry: { ...base, requestingState: 'HN', requestedState: 'SV', requestingAuthorityId: GT_OFFICE },
  sealedAssigned: { ...base, sealed: true, assignedUserIds: ['u0000000-0000-4000-8000-000000000001'] },
  sealedUnassigned: { ...base, sealed: true, assignedUserIds: ['someone-else'] },
};

const USERS: Record<string, AuthUser> = {
  prosecutor: user(['prosecutor']),
  centralAuthority: user(['central_authority'], 'central_authority', { authorityId: 'ca-mx' }),
  supervisorOfOffice: user(['supervisor']),
  supervisorOfJurisdiction: user(['supervisor'], 'supervisory', { authorityId: 'sup-mx' }),
  admin: user(['admin'], 'platform', { authorityId: 'platform' }),
};

// Expected visibility, column order as RELATIONS.
const EXPECTED: Record<string, boolean[]> = {
  prosecutor: [true, false, false, false, false, true, false],
  centralAuthority: [true, true, false, true, false, true, false],
  supervisorOfOffice: [true, false, false, false, false, true, false],
  supervisorOfJurisdiction: [true, true, false, true, false, true, false],
  admin: [false, false, false, false, false, false, false],
};

describe('case access policy', () => {
  describe.each(Object.keys(USERS))('%s', (who) => {
    it.each(Object.keys(RELATIONS).map((rel, i) => [rel, EXPECTED[who][i]] as const))(
      'should decide read on %s as %p',
      (rel, expected) => {
        expect(canReadCase(USERS[who], RELATIONS[rel])).toBe(expected);
      },
    );
  });

  it('should give a user with several roles the union of what each role sees', () => {
    const both = user(['prosecutor', 'central_authority'], 'central_authority');
    expect(canReadCase(both, RELATIONS.otherOfficeSameCountry)).toBe(true);
    expect(canReadCase(both, RELATIONS.requestedAfterTransmission)).toBe(true);
    expect(canReadCase(both, RELATIONS.otherCountry)).toBe(false);
  });

  it('should let an admin read a case only through another role', () => {
    expect(canReadCase(user(['admin', 'prosecutor']), RELATIONS.ownOffice)).toBe(true);
  });

  it('should let the requested central authority act only on the requested side and only after transmission', () => {
    const ca = USERS.centralAuthority;
    const acknowledge = { roles: ['central_authority'], side: 'requested' } as const;
    const transmit = { roles: ['central_authority'], side: 'requesting' } as const;
    expect(canAct(ca, acknowledge, RELATIONS.requestedAfterTransmission)).toBe(true);
    expect(canAct(ca, acknowledge, RELATIONS.requestedBeforeTransmission)).toBe(false);
    expect(canAct(ca, transmit, RELATIONS.requestedAfterTransmission)).toBe(false);
    expect(canAct(ca, transmit, RELATIONS.ownOffice)).toBe(true);
  });

  it('should keep supervisors read-only except for supervisory actions', () => {
    const sup = USERS.supervisorOfJurisdiction;
    expect(canAct(sup, { roles: ['prosecutor'], side: 'requesting' }, RELATIONS.ownOffice)).toBe(false);
    expect(canAct(sup, { roles: ['central_authority'], side: 'requesting' }, RELATIONS.ownOffice)).toBe(
      false,
    );
    expect(canAct(sup, { roles: ['supervisor'], side: 'either' }, RELATIONS.requestedAfterTransmission)).toBe(
      true,
    );
    expect(canAct(sup, { roles: ['supervisor'], side: 'either' }, RELATIONS.otherCountry)).toBe(false);
  });

  it('should not let a prosecutor act for another office of the same state', () => {
    const submit = { roles: ['prosecutor'], side: 'requesting' } as const;
    expect(canAct(USERS.prosecutor, submit, RELATIONS.ownOffice)).toBe(true);
    expect(canAct(USERS.prosecutor, submit, RELATIONS.otherOfficeSameCountry)).toBe(false);
  });

  it('should let only prosecutors open cases, for their own office and state', () => {
    expect(canCreateCase(USERS.prosecutor, 'MX')).toBe(true);
    expect(canCreateCase(USERS.prosecutor, 'MX', OFFICE_B)).toBe(false);
    expect(canCreateCase(USERS.prosecutor, 'GT')).toBe(false);
    expect(canCreateCase(USERS.centralAuthority, 'MX')).toBe(false);
  });

  it('should show case history to central authorities and supervisors who see the case, not to prosecutors', () => {
    expect(canReadCaseHistory(USERS.centralAuthority, RELATIONS.ownOffice)).toBe(true);
    expect(canReadCaseHistory(USERS.supervisorOfOffice, RELATIONS.ownOffice)).toBe(true);
    expect(canReadCaseHistory(USERS.prosecutor, RELATIONS.ownOffice)).toBe(false);
    expect(canReadCaseHistory(USERS.centralAuthority, RELATIONS.sealedUnassigned)).toBe(false);
  });

  it('should let supervisors and admins verify the audit trail', () => {
    expect(canVerifyAudit(USERS.supervisorOfOffice)).toBe(true);
    expect(canVerifyAudit(USERS.admin)).toBe(true);
    expect(canVerifyAudit(USERS.prosecutor)).toBe(false);
    expect(canVerifyAudit(USERS.centralAuthority)).toBe(false);
  });
});
