import { supervisionScope, type AuthUser } from './auth-user';

// The read rule of case-access.policy.ts as a SQL predicate over `cases <alias>`, for every
// list, count, search, report and single-case read, so nothing the caller may not see ever
// leaves the database.

export interface SqlFilter {
  /** A boolean SQL expression; parenthesised, safe to AND into any WHERE clause. */
  sql: string;
  /** Positional values for $firstParam, $firstParam+1, ... */
  params: unknown[];
  /** The next free parameter number after this filter's. */
  nextParam: number;
}

export interface NamedSqlFilter {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * What the filter reads: rows of `cases`, or rows of a table that counts unsealed cases by their
 * access facts (requesting_state, requested_state, requesting_authority_id, and `transmitted` as
 * a boolean), such as queue_counts: the same rule, without the sealed clause such rows never need.
 */
type Shape = 'cases' | 'unsealed-counts';

function build(
  user: AuthUser,
  alias: string,
  placeholder: (key: 'authority' | 'jurisdiction' | 'user') => string,
  shape: Shape = 'cases',
): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`invalid SQL alias ${alias}`);
  const c = alias;
  const transmitted = shape === 'cases' ? `${c}.transmitted_at IS NOT NULL` : `${c}.transmitted`;
  const office = () => `${c}.requesting_authority_id = ${placeholder('authority')}`;
  const jurisdiction = () =>
    `(${c}.requesting_state = ${placeholder('jurisdiction')} OR ` +
    `(${c}.requested_state = ${placeholder('jurisdiction')} AND ${transmitted}))`;

  const disjuncts = new Set<string>();
  for (const role of user.roles) {
    if (role === 'prosecutor') disjuncts.add(office());
    if (role === 'central_authority') disjuncts.add(jurisdiction());
    if (role === 'supervisor')
      disjuncts.add(supervisionScope(user) === 'authority' ? office() : jurisdiction());
  }
  if (disjuncts.size === 0) return '(FALSE)';
  if (shape === 'unsealed-counts') return `(${[...disjuncts].join(' OR ')})`;
  const sealed =
    `(NOT ${c}.sealed OR EXISTS (SELECT 1 FROM case_assignments ${c}_ca ` +
    `WHERE ${c}_ca.case_id = ${c}.id AND ${c}_ca.user_id = ${placeholder('user')}))`;
  return `((${[...disjuncts].join(' OR ')}) AND ${sealed})`;
}

/**
 * Positional form, for raw SQL (`dataSource.query`, `manager.query`).
 *
 *   const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 1 });
 *   await ds.query(`SELECT ... FROM cases c WHERE ${vis.sql} AND c.stage = $${vis.nextParam}`, [...vis.params, stage]);
 */
export function caseVisibilityFilter(
  user: AuthUser,
  options: { alias?: string; firstParam?: number; shape?: Shape } = {},
): SqlFilter {
  const first = options.firstParam ?? 1;
  const values: Record<string, unknown> = {
    authority: user.authorityId,
    jurisdiction: user.jurisdiction,
    user: user.id,
  };
  const order: string[] = [];
  const sql = build(
    user,
    options.alias ?? 'c',
    (key) => {
      let index = order.indexOf(key);
      if (index < 0) index = order.push(key) - 1;
      return `$${first + index}`;
    },
    options.shape,
  );
  const params = order.map((k) => values[k]);
  return { sql, params, nextParam: first + params.length };
}

/**
 * Named form, for TypeORM query builders: `qb.andWhere(vis.sql, vis.params)`.
 */
export function caseVisibilityWhere(user: AuthUser, alias = 'c'): NamedSqlFilter {
  const names = { authority: 'visAuthorityId', jurisdiction: 'visJurisdiction', user: 'visUserId' } as const;
  const params: Record<string, unknown> = {};
  const sql = build(user, alias, (key) => {
    params[names[key]] =
      key === 'authority' ? user.authorityId : key === 'jurisdiction' ? user.jurisdiction : user.id;
    return `:${names[key]}`;
  });
  return { sql, params };
}
