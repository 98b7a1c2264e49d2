import { isValidInstant, toInstant } from './dates';
import type { PolicyOwner } from './policies';
import { weakest } from './provenance';
import type { RulesIndex } from './rules-index';
import type {
  BasisCandidate,
  Completeness,
  ContentItem,
  ContentsRef,
  DraftRequest,
  MissingItem,
  Sourced,
} from './types';

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

interface Requirement {
  item: ContentItem;
  ref: Sourced;
  ruleId: string;
}

/**
 * What the draft still lacks. Only confirmed law that makes an item mandatory, and unusable input,
 * block submission; house templates (policy) and law below 'confirmed' give checklist items.
 */
export function checkCompleteness(
  draft: DraftRequest,
  basis: BasisCandidate | null,
  index: RulesIndex,
  now: Date | string,
  houseTemplates: readonly string[] = ['core'],
  owner?: PolicyOwner,
): Completeness {
  const missing: MissingItem[] = [];
  const seen = new Set<string>();
  const push = (item: MissingItem) => {
    const key = `${item.field}|${item.problem}`;
    if (seen.has(key)) return;
    seen.add(key);
    missing.push(item);
  };

  for (const requirement of requirementsFor(draft, basis, index, houseTemplates, owner)) {
    for (const gap of evaluateItem(draft, requirement)) push(gap);
  }
  for (const gap of invalidValues(draft, now)) push(gap);
  return { complete: !missing.some((m) => m.blocking), missing };
}

function requirementsFor(
  draft: DraftRequest,
  basis: BasisCandidate | null,
  index: RulesIndex,
  houseTemplates: readonly string[],
  owner: PolicyOwner | undefined,
): Requirement[] {
  // The basis' own items come first so a field required by both cites the treaty, not the core list.
  const refs: { ref: ContentsRef | null; templates: string[]; owner: string }[] = [];
  const instrument = basis ? index.instruments.get(basis.instrumentId) : undefined;
  for (const ref of instrument?.requiredContents ?? []) {
    if (ref.kind === draft.kind) refs.push({ ref, templates: ref.templates, owner: instrument!.id });
  }
  for (const ref of index.jurisdictions.get(draft.requestingState)?.outgoingContents ?? []) {
    if (ref.kind === draft.kind) refs.push({ ref, templates: ref.templates, owner: draft.requestingState });
  }
  for (const ref of index.jurisdictions.get(draft.requestedState)?.incomingContents ?? []) {
    if (ref.kind === draft.kind) refs.push({ ref, templates: ref.templates, owner: draft.requestedState });
  }
  // The house checklist is the requesting authority's policy, cited as such.
  const house: ContentsRef = {
    kind: draft.kind,
    templates: [...houseTemplates],
    source: owner?.authority ? `House checklist of ${owner.authority.name}` : 'Platform house checklist',
    confidence: 'default',
  };
  refs.push({ ref: house, templates: house.templates, owner: owner?.authority?.id ?? 'platform' });

  return refs.flatMap(({ ref, templates, owner }) =>
    templates.flatMap((templateId) =>
      (index.templates.get(templateId)?.items ?? []).map((item, i) => ({
        item,
        ref: ref ?? item,
        ruleId: item.id ?? `${owner}:contents:${templateId}[${i}]`,
      })),
    ),
  );
}

function evaluateItem(draft: DraftRequest, { item, ref, ruleId }: Requirement): MissingItem[] {
  if (item.unlessOnlyAssistance && onlyAssistance(draft, item.unlessOnlyAssistance)) return [];
  const groups = item.anyOf ?? (item.field ? [[item.field]] : []);
  // A law template applied by a house checklist is the authority's choice, not a legal requirement.
  const nature = item.confidence === 'default' || ref.confidence === 'default' ? 'policy' : 'law';
  const confidence = nature === 'policy' ? 'default' : weakest(item.confidence, ref.confidence);
  const base = {
    requirement: item.requirement,
    reason: item.text,
    ruleId,
    source: sourceOf(item, ref),
    ...(item.article ? { article: item.article } : {}),
    ...(item.url ?? ref.url ? { url: item.url ?? ref.url } : {}),
    confidence,
    nature,
    blocking: nature === 'law' && item.requirement === 'required' && confidence === 'confirmed',
  } as const;

  if (item.check === 'persons' && item.field) return personsGaps(draft, item.field, base);

  const present = (field: string) => satisfies(valueAt(draft, field), item.check);
  if (groups.some((group) => group.every(present))) return [];
  // Report the group the drafter is closest to completing, so the list reads as a to-do list.
  const closest = [...groups].sort((a, b) => b.filter(present).length - a.filter(present).length)[0] ?? [];
  return closest.filter((f) => !present(f)).map((field) => ({ field, problem: 'missing' as const, ...base }));
}

function sourceOf(item: ContentItem, ref: Sourced): string {
  if (ref === item || ref.source === item.source) return item.source;
  // A house-checklist item is cited as the checklist; a law item as the law, then what applied it.
  if (item.confidence === 'default') return ref.source;
  return `${item.source}; applies through ${ref.source}`;
}

function personsGaps(draft: DraftRequest, field: string, base: Omit<MissingItem, 'field' | 'problem'>): MissingItem[] {
  const persons = draft.personsConcerned;
  if (!persons || persons.length === 0) return [{ field, problem: 'missing', ...base }];
  return persons.flatMap((p, i) =>
    (['name', 'nationality'] as const)
      .filter((key) => !nonEmptyText(p[key]))
      .map((key) => ({ field: `${field}[${i}].${key}`, problem: 'missing' as const, ...base })),
  );
}

function invalidValues(draft: DraftRequest, now: Date | string): MissingItem[] {
  const base = {
    requirement: 'required' as const,
    ruleId: 'engine:validation',
    source: 'Draft input validation',
    confidence: 'default' as const,
    nature: 'input' as const,
    blocking: true,
  };
  const out: MissingItem[] = [];
  const invalid = (field: string, reason: string) => out.push({ field, problem: 'invalid', reason, ...base });

  if (draft.date !== undefined && !isValidInstant(draft.date)) invalid('date', 'Not a valid date');
  if (draft.neededBy !== undefined) {
    if (!isValidInstant(draft.neededBy)) invalid('neededBy', 'Not a valid date');
    else if (toInstant(draft.neededBy).getTime() < toInstant(now).getTime()) invalid('neededBy', 'Date is in the past');
  }
  if (draft.urgent && draft.neededBy === undefined) {
    out.push({ field: 'neededBy', problem: 'missing', reason: 'Urgent requests should say by when', ...base, requirement: 'recommended', blocking: false });
  }
  if (draft.language !== undefined && !LANGUAGE_CODE.test(draft.language)) invalid('language', 'Use an ISO 639-1 code such as "es" or "en"');
  draft.offences.forEach((o, i) => {
    if (!nonEmptyText(o.description) && !nonEmptyText(o.code)) invalid(`offences[${i}]`, 'Give a code or description');
    if (o.maxPenaltyYears !== undefined && !(o.maxPenaltyYears >= 0)) invalid(`offences[${i}].maxPenaltyYears`, 'Must be a non-negative number');
    if (o.offenceDate !== undefined && !isValidInstant(o.offenceDate)) invalid(`offences[${i}].offenceDate`, 'Not a valid date');
  });
  for (const [event, at] of Object.entries(draft.events ?? {})) {
    if (at !== undefined && !isValidInstant(at)) invalid(`events.${event}`, 'Not a valid instant');
  }
  return out;
}

function onlyAssistance(draft: DraftRequest, types: readonly string[]): boolean {
  const sought = draft.assistanceTypes;
  return !!sought && sought.length > 0 && sought.every((t) => types.includes(t));
}

function valueAt(draft: DraftRequest, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value == null ? undefined : (value as Record<string, unknown>)[key]), draft);
}

function satisfies(value: unknown, check: ContentItem['check']): boolean {
  switch (check) {
    case 'text':
      return nonEmptyText(value);
    case 'list':
    case 'persons':
      return Array.isArray(value) && value.length > 0;
    case 'true':
      return value === true;
    case 'present':
      return value === true || nonEmptyText(value);
  }
}

function nonEmptyText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
