import { evaluateDraft, indexFor } from './evaluate';
import { bundledData, bundledIndex, draft, ORDERED_PAIRS } from './spec-fixtures';
import type { CaseKind } from '@comity/domain';
import type { DraftRequest, Evaluation } from './types';

const NOW = '2025-06-01T00:00:00Z';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// Every part of an answer that rests on a fact below [C] must be matched by a warning.
function unwarned(evaluation: Evaluation): string[] {
  const warned = new Set(evaluation.warnings.map((w) => w.ruleId));
  const used = [
    ...(evaluation.chosenBasis?.reasons ?? []),
    ...(evaluation.chosenBasis?.channel ? [evaluation.chosenBasis.channel] : []),
    ...evaluation.completeness.missing,
    ...evaluation.risks,
    ...evaluation.language.rules,
    ...evaluation.deadlines,
    ...evaluation.notes,
  ];
  return used.filter((f) => f.confidence !== 'confirmed' && !warned.has(f.ruleId)).map((f) => f.ruleId);
}

describe('evaluateDraft', () => {
  const kinds: CaseKind[] = ['mla', 'extradition'];
  const cases = ORDERED_PAIRS.flatMap(([from, to]) => kinds.map((kind) => ({ from, to, kind })));

  it.each(cases)('$kind $from→$to: every non-[C] fact used surfaces as a warning (legal-research.md confidence legend)', ({ from, to, kind }) => {
    const d = draft({
      requestingState: from,
      requestedState: to,
      kind,
      personSought: { nationalities: [to] },
      offences: [{ description: 'Laundering', maxPenaltyYears: 10, isTax: true, isMilitary: true, deathPenaltyPossible: true, categories: ['organized-crime'] }],
      events: { 'provisional-arrest': NOW, 'provisional-arrest-notified': NOW, 'placed-at-disposal': NOW, 'request-transmitted': NOW, 'supplementary-information-requested': NOW },
    });
    const evaluation = evaluateDraft(d, bundledIndex, NOW);
    expect(evaluation.chosenBasis).not.toBeNull();
    expect(unwarned(evaluation)).toEqual([]);
    expect(evaluation.warnings.every((w) => w.confidence !== 'confirmed')).toBe(true);
  });

  it('returns bases, completeness, risks, language, deadlines and warnings for a US→MX extradition (US–MX 1978 Art. 10(5) translation)', () => {
    const evaluation = evaluateDraft(
      draft({ requestingState: 'US', requestedState: 'MX', language: 'en', personSought: { nationalities: ['MX'] }, events: { 'provisional-arrest': '2025-06-02T12:00:00Z' } }),
      bundledIndex,
      NOW,
    );
    expect(evaluation.chosenBasis).toMatchObject({ instrumentId: 'us-mx-extradition-1978', applicability: 'applicable', channel: { mode: 'diplomatic' } });
    expect(evaluation.language).toMatchObject({ required: ['es'], draftLanguage: 'en', translationNeeded: true });
    expect(evaluation.language.rules.find((r) => r.ruleId === 'us-mx-1978.art-10-5')).toMatchObject({ article: 'Art. 10(5)', confidence: 'confirmed' });
    expect(evaluation.deadlines.find((d) => d.step === 'formal-request')).toMatchObject({ dueDate: '2025-08-01', calendarCountry: 'MX' });
    expect(evaluation.completeness.complete).toBe(false);
    expect(evaluation.dataVersion).toMatch(/instruments@\d+\.\d+\.\d+/);
  });

  it('accepts Spanish or English for MLA to Mexico under UNCAC (UNCAC art. 46(14); Mexico\'s notification) [S]', () => {
    const d = draft({ requestingState: 'US', requestedState: 'MX', kind: 'mla', basisId: 'uncac-2003', language: 'en', offences: [{ description: 'Bribery', categories: ['corruption'] }] });
    const evaluation = evaluateDraft(d, bundledIndex, NOW);
    expect(evaluation.chosenBasis?.instrumentId).toBe('uncac-2003');
    expect(evaluation.language).toMatchObject({ required: ['es', 'en'], translationNeeded: false });
    expect(evaluation.warnings.map((w) => w.ruleId)).toContain('mx.uncac.languages');
  });

  it('needs no translation when a translation into the required language is provided (Decreto 28-2008 art. 2 sworn translation rule listed)', () => {
    const d = draft({ requestingState: 'US', requestedState: 'GT', language: 'en', translationsProvided: ['es'] });
    const evaluation = evaluateDraft(d, bundledIndex, NOW);
    expect(evaluation.language.translationNeeded).toBe(false);
    expect(evaluation.language.rules.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['gt.sworn-translation', 'gt.decreto-28-2008.interpreter']));
  });

  it('takes a draft with no language to be in the requesting state\'s official language: MX to GT needs no translation, MX to US does', () => {
    const toGt = evaluateDraft(draft({ requestingState: 'MX', requestedState: 'GT' }), bundledIndex, NOW);
    expect(toGt.language).toMatchObject({ draftLanguage: 'es', translationNeeded: false });
    expect(toGt.language.rules.map((r) => r.code)).toContain('draft-language-assumed');
    const toUs = evaluateDraft(draft({ requestingState: 'MX', requestedState: 'US' }), bundledIndex, NOW);
    expect(toUs.language).toMatchObject({ draftLanguage: 'es', translationNeeded: true });
  });

  it('is pure: frozen data, the same answer twice, and `now` rather than the system clock (architecture: rules never read a clock)', () => {
    const frozen = deepFreeze(structuredClone(bundledData));
    const d: DraftRequest = draft({ requestingState: 'GT', requestedState: 'HN', events: { 'provisional-arrest-notified': '2025-05-01T00:00:00Z' } });
    jest.useFakeTimers().setSystemTime(new Date('2031-01-01T00:00:00Z'));
    try {
      const first = evaluateDraft(d, frozen, NOW);
      const second = evaluateDraft(structuredClone(d), frozen, NOW);
      expect(second).toEqual(first);
      expect(first.evaluatedAt).toBe(NOW.replace('Z', '.000Z'));
      expect(first.deadlines.find((x) => x.step === 'formal-request')?.overdue).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('judges instrument status at the draft date, defaulting to `now` (IA-MLA: HN deposit 10 Nov 2006)', () => {
    const d = draft({ requestingState: 'US', requestedState: 'HN', kind: 'mla', date: undefined });
    expect(evaluateDraft(d, bundledIndex, '2006-01-01T00:00:00Z').chosenBasis?.instrumentId).toBe('letters-rogatory');
    expect(evaluateDraft(d, bundledIndex, '2007-01-01T00:00:00Z').chosenBasis?.instrumentId).toBe('ia-mla-1992');
  });

  it('builds one index per data object and reuses it', () => {
    expect(indexFor(bundledData)).toBe(indexFor(bundledData));
    expect(indexFor(bundledIndex)).toBe(bundledIndex);
  });

  it('warns about an unconfigured jurisdiction instead of failing', () => {
    const evaluation = evaluateDraft(draft({ requestingState: 'CO', requestedState: 'MX' }), bundledIndex, NOW);
    expect(evaluation.warnings.map((w) => w.ruleId)).toEqual(expect.arrayContaining(['jurisdiction:CO']));
  });

  it('stays fast once the index is warm (p95 target well under 20 ms; see bench/rules-evaluate.bench.ts)', () => {
    const drafts = cases.map(({ from, to, kind }) => draft({ requestingState: from, requestedState: to, kind, events: { 'provisional-arrest': NOW } }));
    drafts.forEach((d) => evaluateDraft(d, bundledIndex, NOW));
    const started = performance.now();
    for (let i = 0; i < 10; i++) drafts.forEach((d) => evaluateDraft(d, bundledIndex, NOW));
    const perEvaluation = (performance.now() - started) / (drafts.length * 10);
    expect(perEvaluation).toBeLessThan(5);
  });
});
