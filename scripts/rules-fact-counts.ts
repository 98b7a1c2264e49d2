// Counts the facts the rules engine's answers stand on, by confidence tag (confirmed, secondary,
// unconfirmed, default), over every ordered pair of states and both request kinds, and for the
// issue #17 scenario (a Mexican MLA request to Guatemala for bank records).
// Usage: bash scripts/run-ts.sh scripts/rules-fact-counts.ts [--json]
import { evaluateDraft, loadBundledRulesData, type DraftRequest, type Evaluation } from '@comity/treaty-rules';

const STATES = ['MX', 'US', 'GT', 'HN', 'SV'];
const TAGS = ['confirmed', 'secondary', 'unconfirmed', 'default'] as const;
const AT = '2026-11-28T12:00:00Z';

const MLA_DRAFT: Record<string, unknown> = {
  requestingAuthority: 'Fiscalía General de la República, Unidad de Inteligencia Financiera',
  investigatingAuthority: 'Fiscalía Especializada en Delitos Financieros',
  subject: 'Fraud and money laundering investigation',
  factsSummary: 'Transfers from defrauded accounts to accounts held in the requested state',
  assistanceSought: 'Certified bank records of the listed accounts, 2023-2025',
  assistanceTypes: ['records'],
  purpose: 'Evidence for the criminal proceeding',
  offences: [{ description: 'Fraud', maxPenaltyYears: 12 }],
};
const EXTRADITION_DRAFT: Record<string, unknown> = {
  offences: [{ description: 'Fraud', maxPenaltyYears: 12 }],
  personSought: { nationalities: ['XX'] },
  documents: { arrestWarrant: true, offenceDescription: true, penalLaw: true, prescriptionRules: true, identification: true },
};

// The facts an answer uses: every sourced item of its sections (the warning list only repeats them).
function factsOf(evaluation: Evaluation): Map<string, string> {
  const facts = new Map<string, string>();
  const sections: unknown[] = [
    evaluation.bases,
    evaluation.chosenBasis,
    evaluation.completeness.missing,
    evaluation.risks,
    evaluation.language.rules,
    evaluation.deadlines,
    evaluation.notes,
  ];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const item = value as Record<string, unknown>;
    if (typeof item.ruleId === 'string' && typeof item.confidence === 'string') facts.set(item.ruleId, item.confidence);
    Object.values(item).forEach(walk);
  };
  sections.forEach(walk);
  return facts;
}

function count(facts: Map<string, string>): Record<string, number> {
  const counts = Object.fromEntries(TAGS.map((t) => [t, 0]));
  for (const tag of facts.values()) counts[tag] = (counts[tag] ?? 0) + 1;
  return counts;
}

const data = loadBundledRulesData();
const evaluate = (draft: Record<string, unknown>) => evaluateDraft(draft as unknown as DraftRequest, data, AT);
const all = new Map<string, string>();
for (const requesting of STATES) {
  for (const requested of STATES.filter((s) => s !== requesting)) {
    for (const [kind, body] of [['mla', MLA_DRAFT], ['extradition', EXTRADITION_DRAFT]] as const) {
      const draft: Record<string, unknown> = { ...body, kind, requestingState: requesting, requestedState: requested };
      if (kind === 'extradition') draft.personSought = { nationalities: [requested] };
      for (const [id, tag] of factsOf(evaluate(draft))) all.set(id, tag);
    }
  }
}
const scenario = evaluate({ ...MLA_DRAFT, kind: 'mla', requestingState: 'MX', requestedState: 'GT' });
const result = {
  dataVersion: scenario.dataVersion,
  allAnswers: { distinctFacts: all.size, ...count(all) },
  mxToGtBankRecords: {
    facts: count(factsOf(scenario)),
    warnings: scenario.warnings.length,
    warningsByTag: count(new Map(scenario.warnings.map((w) => [w.ruleId, w.confidence]))),
    complete: scenario.completeness.complete,
    translationNeeded: scenario.language.translationNeeded,
  },
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else console.log(JSON.stringify(result, null, 2));
