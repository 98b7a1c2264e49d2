import { checkCompleteness } from './completeness';
import { isoDateOf, isValidInstant, toInstant } from './dates';
import { deadlinesFor } from './deadlines';
import { languageNeeds } from './language';
import { chooseBasis, findLegalBases } from './legal-bases';
import { houseTemplates, policyOwner } from './policies';
import { reason, WarningCollector } from './provenance';
import { assessRefusalRisks } from './refusal-risks';
import { buildRulesIndex, isRulesIndex, type RulesIndex } from './rules-index';
import type {
  BasisCandidate,
  DraftRequest,
  Evaluation,
  FindingTopic,
  LegalFinding,
  PolicyItem,
  Reason,
  RulesData,
} from './types';

// Building an index (and its holiday tables) is the expensive part, so callers that pass raw data
// get one index per data object for as long as that object lives.
const indexes = new WeakMap<RulesData, RulesIndex>();

export function indexFor(data: RulesData | RulesIndex): RulesIndex {
  if (isRulesIndex(data)) return data;
  let index = indexes.get(data);
  if (!index) {
    index = buildRulesIndex(data);
    indexes.set(data, index);
  }
  return index;
}

// Every answer keeps law, policy and doubt apart: `findings` is what the law says (with article,
// source and confidence), `policies` the platform's or the authority's own settings, `warnings`
// only the secondary or unconfirmed law the answer depends on, most consequential first.
export function evaluateDraft(draft: DraftRequest, data: RulesData | RulesIndex, now: Date | string): Evaluation {
  const index = indexFor(data);
  const warnings = new WarningCollector();
  const policies: PolicyItem[] = [];
  const date = draft.date !== undefined && isValidInstant(draft.date) ? isoDateOf(draft.date) : isoDateOf(now);

  for (const state of [draft.requestingState, draft.requestedState]) {
    if (!index.jurisdictions.has(state)) {
      warnings.note(`jurisdiction:${state}`, `Jurisdiction '${state}' is not configured in the rules data`, 'unconfirmed', 'basis');
    }
  }

  const bases = findLegalBases({ ...draft, date }, index);
  const chosenBasis = chooseBasis(bases, draft.basisId);
  noteBasisWarnings(draft, bases, chosenBasis, warnings);

  const owner = policyOwner(index, draft.requestingState, draft.kind);
  const house = houseTemplates(owner);
  policies.push(house.item);
  const completeness = checkCompleteness(draft, chosenBasis, index, now, house.templates, owner);
  // What the basis itself asks for is a doubt when its contents article was not read.
  const basisInstrument = chosenBasis ? index.instruments.get(chosenBasis.instrumentId) : undefined;
  basisInstrument?.requiredContents
    ?.filter((ref) => ref.kind === draft.kind)
    .forEach((ref, i) => {
      const ruleId = ref.id ?? `${basisInstrument.id}:contents:${draft.kind}[${i}]`;
      warnings.note(ruleId, `Contents ${basisInstrument.shortName} requires: ${ref.source}`, ref.confidence, 'contents', ref);
    });
  for (const m of completeness.missing) {
    if (m.nature !== 'law') continue;
    const what = m.requirement === 'required' ? 'may be required' : 'is recommended';
    warnings.note(m.ruleId, `'${m.field}' ${what} (${m.reason}); a checklist item until the rule is confirmed`, m.confidence, 'contents', m);
  }

  const risks = assessRefusalRisks(draft, chosenBasis, index, date);
  risks.forEach((r) => warnings.note(r.ruleId, `Refusal risk (${r.code}): ${r.message}`, r.confidence, 'refusal', r));

  const language = languageNeeds(draft, chosenBasis, index);
  language.rules.forEach((r) => warnings.fromReason(r, 'translation'));

  const deadlines = deadlinesFor(draft, chosenBasis, index, now, warnings, owner, policies);
  const notes = notesFor(draft, chosenBasis, index);
  notes.forEach((n) => warnings.fromReason(n, 'context'));

  const findings = new FindingList();
  if (chosenBasis) {
    findings.addReasons('basis', chosenBasis.reasons);
    if (chosenBasis.channel) findings.add('channel', { ...chosenBasis.channel, message: `Channel: ${chosenBasis.channel.text}` });
  }
  completeness.missing
    .filter((m) => m.nature === 'law')
    .forEach((m) => findings.add('contents', { ...m, message: `'${m.field}' ${m.requirement === 'required' ? 'is required' : 'is recommended'}: ${m.reason}` }));
  risks.forEach((r) => findings.add('refusal-risk', r));
  findings.addReasons('language', language.rules);
  deadlines.filter((d) => d.nature === 'law').forEach((d) => findings.add('deadline', { ...d, message: d.text }));
  findings.addReasons('note', notes);

  return {
    dataVersion: index.version,
    evaluatedAt: toInstant(now).toISOString(),
    date,
    bases,
    chosenBasis,
    completeness,
    risks,
    language,
    deadlines,
    notes,
    findings: findings.list(),
    policies,
    warnings: warnings.list(),
  };
}

// One finding per rule: the law facts of the answer, whatever their tag (doubts also appear as
// warnings). Policy ('default') facts are not law and are left to `policies`.
class FindingList {
  private readonly byRule = new Map<string, LegalFinding>();

  add(topic: FindingTopic, fact: Pick<Reason, 'ruleId' | 'message' | 'source' | 'article' | 'url' | 'confidence'>): void {
    if (fact.confidence === 'default' || this.byRule.has(fact.ruleId)) return;
    this.byRule.set(fact.ruleId, {
      ruleId: fact.ruleId,
      topic,
      text: fact.message,
      source: fact.source,
      ...(fact.article ? { article: fact.article } : {}),
      ...(fact.url ? { url: fact.url } : {}),
      confidence: fact.confidence,
    });
  }

  addReasons(topic: FindingTopic, reasons: readonly Reason[]): void {
    reasons.forEach((r) => this.add(topic, r));
  }

  list(): LegalFinding[] {
    return [...this.byRule.values()];
  }
}

function noteBasisWarnings(
  draft: DraftRequest,
  bases: readonly BasisCandidate[],
  chosen: BasisCandidate | null,
  warnings: WarningCollector,
): void {
  if (!chosen) {
    warnings.note('basis:none', `No legal basis applies for ${draft.kind} from ${draft.requestingState} to ${draft.requestedState}`, 'unconfirmed', 'basis');
    return;
  }
  if (draft.basisId && draft.basisId !== chosen.instrumentId) {
    const picked = bases.find((b) => b.instrumentId === draft.basisId);
    const why = picked ? picked.reasons.filter((r) => r.code.startsWith('status') || r.code.includes('unmet') || r.code.includes('party') || r.code === 'subsidiary').map((r) => r.message).join('; ') : 'not a candidate for this pair and kind';
    warnings.note(`basis:${draft.basisId}`, `Requested basis '${draft.basisId}' cannot be used (${why}); ${chosen.name} is used instead`, 'unconfirmed', 'basis');
  }
  if (chosen.applicability === 'uncertain') {
    warnings.note(`basis:${chosen.instrumentId}:uncertain`, `No basis is clearly applicable; ${chosen.name} is used although its applicability is uncertain`, 'unconfirmed', 'basis');
  }
  chosen.reasons.forEach((r) => warnings.fromReason(r, 'basis'));
  if (chosen.channel) warnings.note(chosen.channel.ruleId, `Channel: ${chosen.channel.text}`, chosen.channel.confidence, 'channel', chosen.channel);
  for (const higher of bases) {
    if (higher.rank >= chosen.rank) break;
    if (higher.applicability !== 'uncertain') continue;
    const doubts = higher.reasons.filter((r) => r.confidence !== 'confirmed').map((r) => r.message).join('; ');
    warnings.note(`basis:${higher.instrumentId}:uncertain`, `${higher.name} ranks above ${chosen.name} but its applicability is uncertain: ${doubts}`, 'unconfirmed', 'basis');
  }
}

function notesFor(draft: DraftRequest, basis: BasisCandidate | null, index: RulesIndex): Reason[] {
  const pair = [draft.requestingState, draft.requestedState];
  const instrument = basis ? index.instruments.get(basis.instrumentId) : undefined;
  const relevant = (n: { kinds?: string[]; states?: string[] }) =>
    (!n.kinds || n.kinds.includes(draft.kind)) && (!n.states || n.states.some((s) => pair.includes(s)));
  return [
    ...(instrument?.notes ?? []).filter(relevant).map((n, i) => reason('note', n.text, n.id ?? `${instrument!.id}:note[${i}]`, n)),
    ...(index.jurisdictions.get(draft.requestedState)?.notes ?? []).filter(relevant).map((n, i) => reason('note', n.text, n.id ?? `${draft.requestedState}:note[${i}]`, n)),
    ...index.pairNotes(draft.kind, draft.requestingState, draft.requestedState).map((n) => reason('pair-note', n.text, n.id, n)),
  ];
}
