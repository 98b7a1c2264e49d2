import type { Authority, PeriodUnit, PolicySetting, RulesData } from '@comity/treaty-rules';

/** An administrator's change of one authority policy, as stored in authority_policy_changes. */
export interface AuthorityPolicyChange {
  id: string;
  authorityId: string;
  key: string;
  amount: number | null;
  unit: PeriodUnit | null;
  templates: string[] | null;
  /** Back to the platform default. */
  cleared: boolean;
  reason: string;
  changedBy: string | null;
  changedAt: string;
}

export const POLICY_CHANGE_COLUMNS = `id::text AS id, authority_id, key, amount, unit, templates, cleared, reason, changed_by, changed_at`;
export const POLICY_CHANGE_SELECT = `SELECT ${POLICY_CHANGE_COLUMNS} FROM authority_policy_changes`;
export const POLICY_CHANGE_ORDER = `ORDER BY id`;

export interface PolicyChangeRow {
  id: string;
  authority_id: string;
  key: string;
  amount: number | null;
  unit: PeriodUnit | null;
  templates: string[] | null;
  cleared: boolean;
  reason: string;
  changed_by: string | null;
  changed_at: Date;
}

export function toPolicyChange(r: PolicyChangeRow): AuthorityPolicyChange {
  return {
    id: r.id,
    authorityId: r.authority_id,
    key: r.key,
    amount: r.amount,
    unit: r.unit,
    templates: r.templates,
    cleared: r.cleared,
    reason: r.reason,
    changedBy: r.changed_by,
    changedAt: r.changed_at.toISOString(),
  };
}

function toSetting(change: AuthorityPolicyChange): PolicySetting {
  return {
    key: change.key,
    ...(change.amount !== null ? { amount: change.amount } : {}),
    ...(change.unit !== null ? { unit: change.unit } : {}),
    ...(change.templates !== null ? { templates: change.templates } : {}),
    reason: change.reason,
    changeId: change.id,
    changedAt: change.changedAt,
  };
}

// The policies evaluations see: each authority's bundled policies with the latest administrator
// change per key laid over them (a cleared change removes the key). Changes are applied in entry
// order, so the last one for a key wins.
export function withPolicyChanges(
  data: RulesData,
  changes: readonly AuthorityPolicyChange[],
): { data: RulesData; ignored: AuthorityPolicyChange[] } {
  if (!changes.length) return { data, ignored: [] };
  const known = new Set(data.authorities.authorities.map((a) => a.id));
  const ignored = changes.filter((c) => !known.has(c.authorityId));
  const latest = new Map<string, Map<string, AuthorityPolicyChange>>();
  for (const c of [...changes].sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)))) {
    if (!known.has(c.authorityId)) continue;
    const own = latest.get(c.authorityId) ?? new Map<string, AuthorityPolicyChange>();
    own.set(c.key, c);
    latest.set(c.authorityId, own);
  }
  const authorities = data.authorities.authorities.map((authority): Authority => {
    const own = latest.get(authority.id);
    if (!own) return authority;
    const settings = new Map((authority.policies ?? []).map((p) => [p.key, p]));
    for (const [key, change] of own) {
      if (change.cleared) settings.delete(key);
      else settings.set(key, toSetting(change));
    }
    return { ...authority, policies: [...settings.values()] };
  });
  return { data: { ...data, authorities: { ...data.authorities, authorities } }, ignored };
}
