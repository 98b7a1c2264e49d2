import type { AuthUser } from './auth-user';
import { caseVisibilityFilter, caseVisibilityWhere } from './case-visibility.filter';

const user = (over: Partial<AuthUser>): AuthUser => ({
  id: 'user-1',
  kind: 'user',
  authorityId: 'office-1',
  authorityKind: 'prosecutor_office',
  jurisdiction: 'MX',
  roles: [],
  via: 'password',
  sessionId: null,
  ...over,
});

describe('caseVisibilityFilter', () => {
  it('should match nothing for a user without a case role', () => {
    expect(caseVisibilityFilter(user({ roles: ['admin'] }))).toEqual({
      sql: '(FALSE)',
      params: [],
      nextParam: 1,
    });
  });

  it('should number parameters from firstParam and reuse each value once', () => {
    const f = caseVisibilityFilter(user({ roles: ['prosecutor', 'central_authority'] }), {
      alias: 'k',
      firstParam: 3,
    });
    expect(f.params).toEqual(['office-1', 'MX', 'user-1']);
    expect(f.nextParam).toBe(6);
    expect(f.sql).toBe(
      '((k.requesting_authority_id = $3 OR (k.requesting_state = $4 OR (k.requested_state = $4 AND k.transmitted_at IS NOT NULL))) ' +
        'AND (NOT k.sealed OR EXISTS (SELECT 1 FROM case_assignments k_ca WHERE k_ca.case_id = k.id AND k_ca.user_id = $5)))',
    );
  });

  it('should not repeat the same clause for roles with the same reach', () => {
    const f = caseVisibilityFilter(user({ roles: ['prosecutor', 'supervisor'] }));
    expect(f.sql.match(/requesting_authority_id/g)).toHaveLength(1);
  });

  it('should refuse an alias that is not an identifier', () => {
    expect(() =>
      caseVisibilityFilter(user({ roles: ['prosecutor'] }), { alias: 'c; DROP TABLE cases' }),
    ).toThrow();
  });

  it('should offer a named-parameter form for query builders', () => {
    const f = caseVisibilityWhere(
      user({ roles: ['central_authority'], authorityKind: 'central_authority' }),
      'c',
    );
    expect(f.sql).toContain('c.requesting_state = :visJurisdiction');
    expect(f.params).toEqual({ visJurisdiction: 'MX', visUserId: 'user-1' });
  });
});
