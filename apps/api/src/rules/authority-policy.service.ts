import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import type { AuthUser } from '@comity/auth';
import {
  POLICY_CHANGE_COLUMNS,
  POLICY_CHANGE_ORDER,
  POLICY_CHANGE_SELECT,
  RulesDataStore,
  toPolicyChange,
  type AuthorityPolicyChange,
  type PolicyChangeRow,
} from '@comity/rules-store';
import {
  DEADLINE_POLICY_PREFIX,
  HOUSE_TEMPLATES_KEY,
  PLATFORM_HOUSE_TEMPLATES,
  type Authority,
  type PeriodUnit,
  type RulesIndex,
} from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';
import type { ChangeAuthorityPolicyDto } from './dto/change-authority-policy.dto';
import { currentIndex } from './rules-index';

export const POLICY_CHANGED_ACTION = 'rules.authority_policy_changed';

/** One policy key of an authority: what evaluations apply now, and the platform default. */
export interface AuthorityPolicyEntry {
  key: string;
  text: string;
  setBy: 'platform' | 'authority';
  amount?: number | null;
  unit?: PeriodUnit;
  templates?: string[];
  reason?: string;
  changeId?: string;
  changedAt?: string;
  platformDefault: { amount?: number | null; unit?: PeriodUnit; templates?: string[] };
}

export interface AuthorityPolicies {
  authorityId: string;
  authorityName: string;
  dataVersion: string;
  policies: AuthorityPolicyEntry[];
  /** Every administrator change for this authority, oldest first. */
  changes: AuthorityPolicyChange[];
}

// An authority's own policies (internal review periods, house checklist) over the platform
// defaults. A change is appended with its audit record in one transaction; every process's rules
// index applies it at its next evaluation. Policies are never law: they never warn, never block.
@Injectable()
export class AuthorityPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: RulesDataStore,
    private readonly audit: AuditWriter,
  ) {}

  async list(authorityId: string): Promise<AuthorityPolicies> {
    const index = await currentIndex(this.store);
    const authority = requireAuthority(index, authorityId);
    const rows: PolicyChangeRow[] = await this.dataSource.query(
      `${POLICY_CHANGE_SELECT} WHERE authority_id = $1 ${POLICY_CHANGE_ORDER}`,
      [authorityId],
    );
    return {
      authorityId,
      authorityName: authority.name,
      dataVersion: index.version,
      policies: entries(index, authority),
      changes: rows.map(toPolicyChange),
    };
  }

  async change(admin: AuthUser, authorityId: string, dto: ChangeAuthorityPolicyDto): Promise<AuthorityPolicies> {
    const index = await currentIndex(this.store);
    requireAuthority(index, authorityId);
    const value = validValue(index, dto);
    await this.dataSource.transaction(async (em) => {
      const [row]: PolicyChangeRow[] = await em.query(
        `INSERT INTO authority_policy_changes (authority_id, key, amount, unit, templates, cleared, reason, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${POLICY_CHANGE_COLUMNS}`,
        [
          authorityId,
          dto.key,
          value.amount ?? null,
          value.unit ?? null,
          value.templates ? JSON.stringify(value.templates) : null,
          dto.clear === true,
          dto.reason,
          admin.id,
        ],
      );
      const saved = toPolicyChange(row);
      await this.audit.append(em, {
        caseId: null,
        action: POLICY_CHANGED_ACTION,
        actorId: admin.id,
        details: {
          authorityId,
          changeId: saved.id,
          key: saved.key,
          amount: saved.amount,
          unit: saved.unit,
          templates: saved.templates,
          cleared: saved.cleared,
        },
        idempotencyKey: `rules:authority-policy-change:${saved.id}`,
      });
    });
    this.store.invalidate();
    return this.list(authorityId);
  }
}

function requireAuthority(index: RulesIndex, id: string): Authority {
  for (const list of index.authoritiesByJurisdiction.values()) {
    const found = list.find((a) => a.id === id);
    if (found) return found;
  }
  throw new ProblemException(HttpStatus.NOT_FOUND, 'Authority not found', `No authority '${id}'`);
}

function invalid(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `${field}: ${message}`, [
    { field, messages: [message] },
  ]);
}

// What the key admits: a known default deadline with a period, or known content templates.
function validValue(index: RulesIndex, dto: ChangeAuthorityPolicyDto): { amount?: number; unit?: PeriodUnit; templates?: string[] } {
  if (dto.key === HOUSE_TEMPLATES_KEY) {
    if (dto.amount !== undefined || dto.unit !== undefined) throw invalid('amount', 'house-templates takes templates, not a period');
    if (dto.clear) return {};
    if (!dto.templates) throw invalid('templates', 'give the content template ids');
    const unknown = dto.templates.filter((t) => !index.templates.has(t));
    if (unknown.length) throw invalid('templates', `unknown template(s): ${unknown.join(', ')}`);
    return { templates: dto.templates };
  }
  const step = dto.key.slice(DEADLINE_POLICY_PREFIX.length);
  const rule = index.data.instruments.defaults.deadlines.find((d) => d.step === step);
  if (!rule) {
    const steps = [...new Set(index.data.instruments.defaults.deadlines.map((d) => d.step))].join(', ');
    throw invalid('key', `no platform default deadline '${step}' (policy deadlines: ${steps}); deadlines set by law are not policy`);
  }
  if (dto.templates !== undefined) throw invalid('templates', 'a deadline policy takes a period, not templates');
  if (dto.clear) return {};
  if (dto.amount === undefined) throw invalid('amount', 'give the period');
  return { amount: dto.amount, unit: dto.unit ?? rule.unit };
}

function entries(index: RulesIndex, authority: Authority): AuthorityPolicyEntry[] {
  const settings = new Map((authority.policies ?? []).map((p) => [p.key, p]));
  const own = (key: string) => {
    const s = settings.get(key);
    return s
      ? {
          setBy: 'authority' as const,
          ...(s.reason ? { reason: s.reason } : {}),
          ...(s.changeId ? { changeId: s.changeId } : {}),
          ...(s.changedAt ? { changedAt: s.changedAt } : {}),
        }
      : { setBy: 'platform' as const };
  };
  const steps = new Map(index.data.instruments.defaults.deadlines.map((d) => [d.step, d]));
  const deadlineEntries = [...steps.values()].map((rule): AuthorityPolicyEntry => {
    const key = `${DEADLINE_POLICY_PREFIX}${rule.step}`;
    const s = settings.get(key);
    return {
      key,
      text: rule.text,
      amount: s?.amount ?? rule.amount,
      unit: s?.unit ?? rule.unit,
      ...own(key),
      platformDefault: { amount: rule.amount, unit: rule.unit },
    };
  });
  const house = settings.get(HOUSE_TEMPLATES_KEY);
  return [
    {
      key: HOUSE_TEMPLATES_KEY,
      text: 'Content templates asked for on top of the law (checklist items, never a block)',
      templates: house?.templates ?? [...PLATFORM_HOUSE_TEMPLATES],
      ...own(HOUSE_TEMPLATES_KEY),
      platformDefault: { templates: [...PLATFORM_HOUSE_TEMPLATES] },
    },
    ...deadlineEntries,
  ];
}
