import { buildRulesIndex } from './rules-index';
import { evaluateDraft } from './evaluate';
import { evaluationChanges } from './evaluation-changes';
import { bundledData, bundledIndex, draft } from './spec-fixtures';

const NOW = '2025-06-01T00:00:00Z';

describe('what changed between the evaluation frozen at submission and one made now', () => {
  const hnToUs = draft({
    requestingState: 'HN',
    requestedState: 'US',
    language: 'es',
    offences: [{ description: 'Money laundering', maxPenaltyYears: 15 }],
  });

  it('should find nothing when neither the draft nor the rules changed', () => {
    const frozen = evaluateDraft(hnToUs, bundledIndex, NOW);
    expect(evaluationChanges(frozen, evaluateDraft(hnToUs, bundledIndex, NOW))).toEqual([]);
  });

  it('should flag another basis when the treaty chosen at submission has been terminated since', () => {
    const frozen = evaluateDraft(hnToUs, bundledIndex, NOW);
    const chosen = frozen.chosenBasis!.instrumentId;
    const data = structuredClone(bundledData);
    const instrument = data.instruments.instruments.find((i) => i.id === chosen)!;
    instrument.status = [{ status: 'denounced', from: '2025-03-01', source: 'test note', confidence: 'confirmed' }];
    const live = evaluateDraft(hnToUs, buildRulesIndex(data), NOW);

    const changes = evaluationChanges(frozen, live);
    expect(changes[0]).toMatchObject({ what: 'basis', before: chosen });
    expect(changes[0].after).not.toBe(chosen);
  });

  it('should flag a translation newly needed and mandatory contents newly missing (IA-MLA art. 26)', () => {
    const mla = { ...hnToUs, kind: 'mla' as const };
    const complete = {
      ...mla,
      translationsProvided: ['en'],
      requestingAuthority: 'Ministerio Público',
      investigatingAuthority: 'FESCCO',
      subject: 'Money laundering',
      factsSummary: 'Funds moved through accounts in Miami',
      assistanceSought: 'Bank records',
      purpose: 'Trace the proceeds',
      personsConcerned: [{ name: 'Account holders' }],
    };
    const frozen = evaluateDraft(complete, bundledIndex, NOW);
    const live = evaluateDraft(mla, bundledIndex, NOW);
    expect(evaluationChanges(frozen, live).map((c) => c.what)).toEqual(expect.arrayContaining(['translation', 'missing']));
  });

  it("should flag an authority's policy changed since submission", () => {
    const mla = { ...hnToUs, kind: 'mla' as const };
    const frozen = evaluateDraft(mla, bundledIndex, NOW);
    const data = structuredClone(bundledData);
    const hn = data.authorities.authorities.find((a) => a.id === 'hn-interior-justice')!;
    hn.policies = [{ key: 'house-templates', templates: ['core', 'uncac-46-15'], reason: 'House rule' }];
    const changes = evaluationChanges(frozen, evaluateDraft(mla, buildRulesIndex(data), NOW));
    expect(changes.map((c) => c.what)).toContain('policies');
  });
});
