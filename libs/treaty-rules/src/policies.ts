import type { CaseKind } from '@comity/domain';
import type { RulesIndex } from './rules-index';
import {
  DEADLINE_POLICY_PREFIX,
  type Authority,
  type DeadlineRule,
  type PeriodUnit,
  type PolicyItem,
  type PolicySetting,
} from './types';

export const HOUSE_TEMPLATES_KEY = 'house-templates';
export const PLATFORM_HOUSE_TEMPLATES: readonly string[] = ['core'];

/** Whose policies an answer applies: the requesting side's central authority for the kind. */
export interface PolicyOwner {
  authority: Authority | null;
  settings: ReadonlyMap<string, PolicySetting>;
}

// Review periods and house templates are the requesting side's own practice, so the policy is
// that of its central authority (or of the authority acting as one, e.g. GT's Ministerio Público).
export function policyOwner(index: RulesIndex, state: string, kind: CaseKind): PolicyOwner {
  const authorities = index.authoritiesByJurisdiction.get(state) ?? [];
  const servesKind = (a: Authority) => a.roles.some((r) => !r.kinds || r.kinds.includes(kind));
  const authority =
    authorities.find((a) => a.kind === 'central-authority' && servesKind(a)) ??
    authorities.find((a) => a.roles.some((r) => r.role.includes('central-authority') && (!r.kinds || r.kinds.includes(kind)))) ??
    null;
  return { authority, settings: new Map((authority?.policies ?? []).map((p) => [p.key, p])) };
}

export function deadlinePolicyKey(step: string): string {
  return `${DEADLINE_POLICY_PREFIX}${step}`;
}

export interface AppliedPolicy {
  amount: number | null;
  unit: PeriodUnit;
  item: PolicyItem;
}

/** A default deadline's period as the owner's policy sets it (or the platform default). */
export function deadlinePolicy(owner: PolicyOwner, rule: DeadlineRule): AppliedPolicy {
  const setting = owner.settings.get(deadlinePolicyKey(rule.step));
  const amount = setting?.amount ?? rule.amount;
  const unit = setting?.unit ?? rule.unit;
  const period = amount === null ? 'no fixed period' : `${amount} ${unit === 'months' ? 'months' : `${unit} days`}`;
  return {
    amount,
    unit,
    item: policyItem(owner, rule.id, 'deadline', `${rule.text}: ${period}`, setting, rule.source),
  };
}

/** The content templates the owner asks for on top of the law (the platform's core list by default). */
export function houseTemplates(owner: PolicyOwner): { templates: string[]; item: PolicyItem } {
  const setting = owner.settings.get(HOUSE_TEMPLATES_KEY);
  const templates = setting?.templates ?? [...PLATFORM_HOUSE_TEMPLATES];
  return {
    templates,
    item: policyItem(
      owner,
      `${owner.authority?.id ?? 'platform'}:${HOUSE_TEMPLATES_KEY}`,
      'contents',
      `House checklist for requests: ${templates.join(', ')} (checklist items, never a block)`,
      setting,
      'Platform default house checklist',
    ),
  };
}

export function alertPolicy(owner: PolicyOwner, ruleId: string, text: string, source: string): PolicyItem {
  return policyItem(owner, ruleId, 'alert', text, undefined, source);
}

function policyItem(
  owner: PolicyOwner,
  ruleId: string,
  topic: PolicyItem['topic'],
  text: string,
  setting: PolicySetting | undefined,
  platformSource: string,
): PolicyItem {
  const name = owner.authority?.name;
  const setBy = setting ? 'authority' : 'platform';
  const source = setting
    ? `Policy of ${name}${setting.changedAt ? `, set ${setting.changedAt.slice(0, 10)}` : ''}${setting.reason ? `: ${setting.reason}` : ''}`
    : `${platformSource}${name ? `; ${name} may set its own` : ''}`;
  return {
    ruleId,
    topic,
    text,
    setBy,
    authorityId: owner.authority?.id ?? null,
    ...(name ? { authorityName: name } : {}),
    source,
  };
}
