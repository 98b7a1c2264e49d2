import { evaluateDraft, indexFor } from './evaluate';
import { bundledData, bundledIndex, cloneData, draft, ORDERED_PAIRS } from './spec-fixtures';
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

// The facts an answer uses, whatever section they sit in.
function usedFacts(evaluation: Evaluation) {
  return [
    ...(evaluation.chosenBasis?.reasons ?? []),
    ...(evaluation.chosenBasis?.channel ? [evaluation.chosenBasis.channel] : []),
    ...evaluation.completeness.missing,
    ...evaluation.risks,
    ...evaluation.language.rules,
    ...evaluation.deadlines,
    ...evaluation.notes,
  ];
}

// Doubt: every law fact below [C] the answer rests on must be matched by a warning.
function unwarned(evaluation: Evaluation): string[] {
  const warned = new Set(evaluation.warnings.map((w) => w.ruleId));
  return usedFacts(evaluation)
    .filter((f) => (f.confidence === 'secondary' || f.confidence === 'unconfirmed') && !warned.has(f.ruleId))
    .map((f) => f.ruleId);
}

// Policy: a platform or authority setting is never a warning.
function policiesWarnedAbout(evaluation: Evaluation): string[] {
  const policyIds = new Set(usedFacts(evaluation).filter((f) => f.confidence === 'default').map((f) => f.ruleId));
  return evaluation.warnings.filter((w) => policyIds.has(w.ruleId)).map((w) => w.ruleId);
}

describe('evaluateDraft', () => {
  const kinds: CaseKind[] = ['mla', 'extradition'];
  const cases = ORDERED_PAIRS.flatMap(([from, to]) => kinds.map((kind) => ({ from, to, kind })));

  it.each(cases)('$kind $from→$to: law below [C] surfaces as a ranked warning, policy never does', ({ from, to, kind }) => {
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
    expect(policiesWarnedAbout(evaluation)).toEqual([]);
    expect(evaluation.warnings.every((w) => w.confidence === 'secondary' || w.confidence === 'unconfirmed')).toBe(true);
    expect(evaluation.warnings.map((w) => w.rank)).toEqual(evaluation.warnings.map((_, i) => i + 1));
    expect(new Set(evaluation.warnings.map((w) => w.ruleId)).size).toBe(evaluation.warnings.length);
    // Every policy deadline is listed as a policy; every finding is law with its source.
    const policyIds = new Set(evaluation.policies.map((p) => p.ruleId));
    evaluation.deadlines.filter((x) => x.nature === 'policy').forEach((x) => expect(policyIds).toContain(x.ruleId));
    evaluation.findings.forEach((f) => expect(f.confidence).not.toBe('default'));
    // Sources cite law or official records, never the project's own documents.
    expect(JSON.stringify(evaluation)).not.toMatch(/legal-research\.md|product\.md/);
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

  it('needs no translation when a translation into the required language is provided; translation rules then change nothing and are left out', () => {
    const provided = evaluateDraft(draft({ requestingState: 'US', requestedState: 'GT', language: 'en', translationsProvided: ['es'] }), bundledIndex, NOW);
    expect(provided.language.translationNeeded).toBe(false);
    expect(provided.language.rules.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['GT:official-languages', 'gt.decreto-28-2008.interpreter']));
    expect(provided.language.rules.map((r) => r.ruleId)).not.toContain('gt.sworn-translation');
    const needed = evaluateDraft(draft({ requestingState: 'US', requestedState: 'GT', language: 'en' }), bundledIndex, NOW);
    expect(needed.language.translationNeeded).toBe(true);
    expect(needed.language.rules.map((r) => r.ruleId)).toContain('gt.sworn-translation');
    expect(needed.warnings.find((w) => w.ruleId === 'gt.sworn-translation')).toMatchObject({ affects: 'translation', confidence: 'secondary' });
  });

  it('takes a draft with no language to be in the requesting state\'s official language: MX to GT needs no translation, MX to US does', () => {
    const toGt = evaluateDraft(draft({ requestingState: 'MX', requestedState: 'GT' }), bundledIndex, NOW);
    expect(toGt.language).toMatchObject({ draftLanguage: 'es', translationNeeded: false });
    expect(toGt.language.rules.map((r) => r.code)).toContain('draft-language-assumed');
    const toUs = evaluateDraft(draft({ requestingState: 'MX', requestedState: 'US' }), bundledIndex, NOW);
    expect(toUs.language).toMatchObject({ draftLanguage: 'es', translationNeeded: true });
  });

  describe('law, policy and doubt (a Mexican prosecutor asks Guatemala for bank records)', () => {
    const bankRecords = draft({
      requestingState: 'MX',
      requestedState: 'GT',
      kind: 'mla',
      subject: 'Fraud investigation',
      factsSummary: 'Transfers from defrauded accounts to accounts in Guatemala',
      assistanceSought: 'Certified bank records of the listed accounts',
      assistanceTypes: ['records'],
      purpose: 'Evidence for the criminal proceeding',
      offences: [{ description: 'Fraud', maxPenaltyYears: 12 }],
    });
    const evaluation = evaluateDraft(bankRecords, bundledIndex, NOW);

    it('finds the law with article, link and confidence: IA-MLA art. 26 contents, art. 3 channel, GT Const. art. 143', () => {
      expect(evaluation.chosenBasis?.instrumentId).toBe('ia-mla-1992');
      const byRule = new Map(evaluation.findings.map((f) => [f.ruleId, f]));
      expect(byRule.get('ia-mla-1992:channel:mla')).toMatchObject({ topic: 'channel', article: 'IA-MLA art. 3', confidence: 'confirmed', url: expect.stringMatching(/^https?:/) });
      expect(byRule.get('GT:official-languages')).toMatchObject({ topic: 'language', article: 'Const. art. 143', confidence: 'confirmed', url: expect.stringMatching(/^https?:/) });
      expect(evaluation.findings.every((f) => f.source.length > 0)).toBe(true);
    });

    it('shows review periods and the house checklist as the FGR\'s policy, never as warnings or blocks', () => {
      expect(evaluation.policies.find((p) => p.ruleId === 'default.mla-central-authority-review')).toMatchObject({ topic: 'deadline', setBy: 'platform', authorityId: 'mx-fgr' });
      expect(evaluation.policies.find((p) => p.topic === 'contents')).toMatchObject({ authorityId: 'mx-fgr' });
      expect(evaluation.completeness.missing.find((m) => m.field === 'requestingAuthority')).toMatchObject({ nature: 'policy', blocking: false });
      expect(evaluation.completeness.complete).toBe(true);
      expect(evaluation.warnings.some((w) => (w.confidence as string) === 'default')).toBe(false);
    });

    it('warns only about the doubt that changes this request (an MX–GT MLA treaty of unknown status ranks above IA-MLA)', () => {
      expect(evaluation.warnings).toEqual([expect.objectContaining({ ruleId: 'basis:mx-gt-mla:uncertain', affects: 'basis', rank: 1, confidence: 'unconfirmed' })]);
      expect(evaluation.language).toMatchObject({ translationNeeded: false, draftLanguage: 'es' });
    });
  });

  it('applies an authority\'s own review period as its policy (deadline:<step> setting)', () => {
    const data = cloneData();
    const fgr = data.authorities.authorities.find((a) => a.id === 'mx-fgr')!;
    fgr.policies = [{ key: 'deadline:central-authority-review', amount: 5, unit: 'business', reason: 'House rule 2026', changedAt: '2026-11-01T00:00:00Z' }];
    const d = draft({ requestingState: 'MX', requestedState: 'GT', kind: 'mla', events: { 'request-submitted': '2025-06-02T12:00:00Z' } });
    const evaluation = evaluateDraft(d, data, NOW);
    expect(evaluation.deadlines.find((x) => x.step === 'central-authority-review')).toMatchObject({ days: 5, unit: 'business', nature: 'policy', dueDate: '2025-06-09' });
    expect(evaluation.policies.find((p) => p.ruleId === 'default.mla-central-authority-review')).toMatchObject({
      setBy: 'authority',
      authorityId: 'mx-fgr',
      source: expect.stringContaining('House rule 2026'),
    });
    expect(evaluation.warnings.map((w) => w.ruleId)).not.toContain('default.mla-central-authority-review');
  });

  it('ranks doubts by what they change: the basis before deadlines, deadlines before contents', () => {
    const evaluation = evaluateDraft(
      draft({ requestingState: 'MX', requestedState: 'GT', events: { 'provisional-arrest-notified': '2025-06-02T12:00:00Z' } }),
      bundledIndex,
      NOW,
    );
    const order = ['basis', 'refusal', 'deadline', 'contents', 'translation', 'channel', 'context'];
    const impacts = evaluation.warnings.map((w) => order.indexOf(w.affects));
    expect(impacts).toEqual([...impacts].sort((a, b) => a - b));
    expect(evaluation.warnings[0].affects).toBe('basis');
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
