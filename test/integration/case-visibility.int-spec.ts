import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  canReadCase,
  caseVisibilityFilter,
  caseVisibilityWhere,
  type AuthUser,
  type AuthorityKind,
  type CaseFacts,
  type Role,
} from '../../libs/auth/src';
import { isolatedDatabase } from '../support/isolated-database';

// The SQL filter must select exactly the cases the in-memory policy allows, for every kind of
// user and case. Random but seeded, so a failure reproduces.
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('case visibility filter against the policy, on real rows', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  const rand = prng(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const STATES = ['MX', 'US', 'GT'];
  const OFFICES = Array.from({ length: 4 }, () => randomUUID());
  const ROLE_SETS: Role[][] = [
    [],
    ['admin'],
    ['prosecutor'],
    ['central_authority'],
    ['supervisor'],
    ['prosecutor', 'supervisor'],
    ['central_authority', 'admin'],
    ['prosecutor', 'central_authority', 'supervisor'],
  ];
  const KINDS: AuthorityKind[] = ['prosecutor_office', 'central_authority', 'supervisory', 'platform'];
  const users: AuthUser[] = Array.from({ length: 40 }, () => ({
    id: randomUUID(),
    kind: 'user',
    authorityId: pick(OFFICES),
    authorityKind: pick(KINDS),
    jurisdiction: pick(STATES),
    roles: pick(ROLE_SETS),
    via: 'password',
    sessionId: null,
  }));
  const cases: CaseFacts[] = [];

  beforeAll(async () => {
    ({ dataSource: ds, drop } = await isolatedDatabase());
    for (let i = 0; i < 150; i++) {
      const requestingState = pick(STATES);
      const requestedState = pick(STATES.filter((s) => s !== requestingState));
      const sealed = rand() < 0.3;
      const facts: CaseFacts = {
        id: randomUUID(),
        requestingState,
        requestedState,
        requestingAuthorityId: rand() < 0.1 ? null : pick(OFFICES),
        transmittedAt: rand() < 0.5 ? new Date() : null,
        sealed,
        assignedUserIds: sealed ? users.filter(() => rand() < 0.3).map((u) => u.id) : [],
      };
      cases.push(facts);
      await ds.query(
        `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq, requesting_authority_id, transmitted_at, sealed)
         VALUES ($1, 'mla', $2, $3, 'draft', 0, $4, $5, $6)`,
        [facts.id, requestingState, requestedState, facts.requestingAuthorityId, facts.transmittedAt, sealed],
      );
      for (const userId of facts.assignedUserIds) {
        await ds.query(`INSERT INTO case_assignments (case_id, user_id) VALUES ($1, $2)`, [facts.id, userId]);
      }
    }
  });
  afterAll(() => drop());

  it('should select exactly the cases canReadCase allows, for every user', async () => {
    let visiblePairs = 0;
    for (const user of users) {
      const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 1 });
      const rows: { id: string }[] = await ds.query(`SELECT c.id FROM cases c WHERE ${vis.sql}`, vis.params);
      const fromSql = rows.map((r) => r.id).sort();
      const fromPolicy = cases
        .filter((c) => canReadCase(user, c))
        .map((c) => c.id)
        .sort();
      expect({ user: user.roles.join('+') || 'none', ids: fromSql }).toEqual({
        user: user.roles.join('+') || 'none',
        ids: fromPolicy,
      });
      visiblePairs += fromSql.length;
    }
    // The data must exercise both outcomes, or the comparison proves nothing.
    expect(visiblePairs).toBeGreaterThan(100);
    expect(visiblePairs).toBeLessThan(users.length * cases.length);
  });

  it('should count what it lists, and compose with other conditions and parameters', async () => {
    const user = users.find((u) => u.roles.includes('central_authority'))!;
    const vis = caseVisibilityFilter(user, { alias: 'k', firstParam: 2 });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM cases k WHERE k.requested_state = $1 AND ${vis.sql}`,
      [user.jurisdiction, ...vis.params],
    );
    expect(n).toBe(
      cases.filter((c) => c.requestedState === user.jurisdiction && canReadCase(user, c)).length,
    );
  });

  it('should give the same answer through a TypeORM query builder', async () => {
    const user = users.find((u) => u.roles.includes('prosecutor'))!;
    const where = caseVisibilityWhere(user, 'c');
    const rows = await ds
      .createQueryBuilder()
      .select('c.id', 'id')
      .from('cases', 'c')
      .where(where.sql, where.params)
      .getRawMany();
    expect(rows.map((r: { id: string }) => r.id).sort()).toEqual(
      cases
        .filter((c) => canReadCase(user, c))
        .map((c) => c.id)
        .sort(),
    );
  });
});
