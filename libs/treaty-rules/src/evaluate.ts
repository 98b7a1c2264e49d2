import { checkCompleteness } from './completeness';
import { isoDateOf, isValidInstant, toInstant } from './dates';
import { deadlinesFor } from './deadlines';
import { languageNeeds } from './language';
import { chooseBasis, findLegalBases } from './legal-bases';
import { reason, WarningCollector } from './provenance';
import { assessRefusalRisks } from './refusal-risks';
import { buildRulesIndex, isRulesIndex, type RulesIndex } from './rules-index';
import type { BasisCandidate, DraftRequest, Evaluation, Reason, RulesData } from './types';

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

export function evaluateDraft(draft: DraftRequest, data: RulesData | RulesIndex, now: Date | string): Evaluation {
  const index = indexFor(data);
  const warnings = new WarningCollector();
  const date = draft.date !== undefined && isValidInstant(draft.date) ? isoDateOf(draft.date) : isoDateOf(now);

  for (const state of [draft.requestingState, draft.requestedState]) {
    if (!index.jurisdictions.has(state)) warnings.note(`jurisdiction:${state}`, `Jurisdiction '${state}' is not configured in the rules data`, 'unconfirmed');
  }

  const bases = findLegalBases({ ...draft, date }, index);
  const chosenBasis = chooseBasis(bases, draft.basisId);
  noteBasisWarnings(draft, bases, chosenBasis, warnings);

  const completeness = checkCompleteness(draft, chosenBasis, index, now);
  completeness.missing.forEach((m) => warnings.note(m.ruleId, `Required content '${m.field}': ${m.reason}`, m.confidence));

  const risks = assessRefusalRisks(draft, chosenBasis, index, date);
  risks.forEach((r) => warnings.note(r.ruleId, `Refusal risk (${r.code}): ${r.message}`, r.confidence));

  const language = languageNeeds(draft, chosenBasis, index);
  language.rules.forEach((r) => warnings.fromReason(r));

  const deadlines = deadlinesFor(draft, chosenBasis, index, now, warnings);
  const notes = notesFor(draft, chosenBasis, index);
  notes.forEach((n) => warnings.fromReason(n));

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
    warnings: warnings.list(),
  };
}

function noteBasisWarnings(
  draft: DraftRequest,
  bases: readonly BasisCandidate[],
  chosen: BasisCandidate | null,
  warnings: WarningCollector,
): void {
  if (!chosen) {
    warnings.note('basis:none', `No legal basis applies for ${draft.kind} from ${draft.requestingState} to ${draft.requestedState}`, 'unconfirmed');
    return;
  }
  if (draft.basisId && draft.basisId !== chosen.instrumentId) {
    const picked = bases.find((b) => b.instrumentId === draft.basisId);
    const why = picked ? picked.reasons.filter((r) => r.code.startsWith('status') || r.code.includes('unmet') || r.code.includes('party') || r.code === 'subsidiary').map((r) => r.message).join('; ') : 'not a candidate for this pair and kind';
    warnings.note(`basis:${draft.basisId}`, `Requested basis '${draft.basisId}' cannot be used (${why}); ${chosen.name} is used instead`, 'unconfirmed');
  }
  if (chosen.applicability === 'uncertain') {
    warnings.note(`basis:${chosen.instrumentId}:uncertain`, `No basis is clearly applicable; ${chosen.name} is used although its applicability is uncertain`, 'unconfirmed');
  }
  chosen.reasons.forEach((r) => warnings.fromReason(r));
  if (chosen.channel) warnings.note(chosen.channel.ruleId, `Channel: ${chosen.channel.text}`, chosen.channel.confidence);
  for (const higher of bases) {
    if (higher.rank >= chosen.rank) break;
    if (higher.applicability !== 'uncertain') continue;
    const doubts = higher.reasons.filter((r) => r.confidence !== 'confirmed').map((r) => r.message).join('; ');
    warnings.note(`basis:${higher.instrumentId}:uncertain`, `${higher.name} ranks above ${chosen.name} but its applicability is uncertain: ${doubts}`, 'unconfirmed');
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
