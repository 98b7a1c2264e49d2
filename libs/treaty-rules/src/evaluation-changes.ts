import type { Evaluation } from './types';

/** Something that differs between the evaluation frozen at submission and one made now. */
export interface EvaluationChange {
  /** What changed: basis, basis-status, translation, missing, risks, warnings, policies, data. */
  what: 'basis' | 'basis-status' | 'translation' | 'missing' | 'risks' | 'warnings' | 'policies' | 'data';
  before: unknown;
  after: unknown;
  message: string;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

// The differences a reviewer must know of, most consequential first: another legal basis, a
// basis whose status changed (e.g. a treaty suspended since submission), translation, newly
// missing contents, risks, and the data version the answers came from.
export function evaluationChanges(frozen: Evaluation, live: Evaluation): EvaluationChange[] {
  const changes: EvaluationChange[] = [];
  const basisBefore = frozen.chosenBasis?.instrumentId ?? null;
  const basisAfter = live.chosenBasis?.instrumentId ?? null;
  if (basisBefore !== basisAfter) {
    changes.push({ what: 'basis', before: basisBefore, after: basisAfter, message: `The legal basis would now be ${basisAfter ?? 'none'}, not ${basisBefore ?? 'none'}` });
  } else if (frozen.chosenBasis && live.chosenBasis && frozen.chosenBasis.status !== live.chosenBasis.status) {
    changes.push({
      what: 'basis-status',
      before: frozen.chosenBasis.status,
      after: live.chosenBasis.status,
      message: `${live.chosenBasis.name} was ${frozen.chosenBasis.status} at submission and is ${live.chosenBasis.status} now`,
    });
  }
  if (frozen.language.translationNeeded !== live.language.translationNeeded) {
    changes.push({
      what: 'translation',
      before: frozen.language.translationNeeded,
      after: live.language.translationNeeded,
      message: live.language.translationNeeded ? 'A translation is now needed' : 'A translation is no longer needed',
    });
  }
  // What blocks submission (evaluations frozen before `blocking` existed: every required item).
  const required = (e: Evaluation) =>
    sorted(e.completeness.missing.filter((m) => m.blocking ?? m.requirement === 'required').map((m) => m.field));
  if (!same(required(frozen), required(live))) {
    changes.push({ what: 'missing', before: required(frozen), after: required(live), message: 'The mandatory contents still missing have changed' });
  }
  const risks = (e: Evaluation) => sorted(e.risks.map((r) => `${r.code}:${r.severity}`));
  if (!same(risks(frozen), risks(live))) {
    changes.push({ what: 'risks', before: risks(frozen), after: risks(live), message: 'The refusal risks have changed' });
  }
  const warnings = (e: Evaluation) => sorted(e.warnings.map((w) => w.ruleId));
  if (!same(warnings(frozen), warnings(live))) {
    changes.push({ what: 'warnings', before: warnings(frozen), after: warnings(live), message: 'The warnings have changed' });
  }
  const policies = (e: Evaluation) => sorted((e.policies ?? []).map((p) => `${p.ruleId}: ${p.text} (${p.setBy})`));
  if (frozen.policies && !same(policies(frozen), policies(live))) {
    changes.push({ what: 'policies', before: policies(frozen), after: policies(live), message: "The authority's policies have changed since submission" });
  }
  if (frozen.dataVersion !== live.dataVersion) {
    changes.push({ what: 'data', before: frozen.dataVersion, after: live.dataVersion, message: 'The rules data has changed since submission' });
  }
  return changes;
}
