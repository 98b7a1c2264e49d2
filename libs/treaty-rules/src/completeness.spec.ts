import { evaluateDraft } from './evaluate';
import { bundledIndex, draft } from './spec-fixtures';
import type { DraftRequest } from './types';

const NOW = '2025-06-01T00:00:00Z';
const completenessOf = (d: DraftRequest) => evaluateDraft(d, bundledIndex, NOW).completeness;
const fields = (d: DraftRequest) => completenessOf(d).missing.map((m) => m.field);

const FULL_MLA: Partial<DraftRequest> = {
  kind: 'mla',
  requestingAuthority: 'Fiscalía Especial',
  investigatingAuthority: 'Unidad contra el lavado',
  subject: 'Money-laundering investigation into company X',
  factsSummary: 'Transfers of 2M USD through accounts in the requested state',
  assistanceSought: 'Bank records of account 123',
  purpose: 'Trace proceeds',
  legalProvisions: '18 U.S.C. § 1956',
  personsConcerned: [{ name: 'A. Person', nationality: 'MX' }],
};

describe('completeness against the chosen basis', () => {
  it('lists every missing UNCAC art. 46(15) item by field for an empty MLA draft under UNCAC', () => {
    const missing = completenessOf(draft({ requestingState: 'MX', requestedState: 'GT', kind: 'mla', basisId: 'uncac-2003', offences: [{ description: 'Bribery', categories: ['corruption'] }] })).missing;
    const uncac = missing.filter((m) => m.article?.startsWith('UNCAC art. 46(15)'));
    expect(uncac.map((m) => [m.field, m.article])).toEqual([
      ['requestingAuthority', 'UNCAC art. 46(15)(a)'],
      ['subject', 'UNCAC art. 46(15)(b)'],
      ['investigatingAuthority', 'UNCAC art. 46(15)(b)'],
      ['factsSummary', 'UNCAC art. 46(15)(c)'],
      ['assistanceSought', 'UNCAC art. 46(15)(d)'],
      ['personsConcerned', 'UNCAC art. 46(15)(e)'],
      ['purpose', 'UNCAC art. 46(15)(f)'],
    ]);
    expect(missing.find((m) => m.field === 'personsConcerned')?.requirement).toBe('recommended');
  });

  it('does not need a summary of facts for service of documents only (UNCAC art. 46(15)(c))', () => {
    const d = draft({ requestingState: 'MX', requestedState: 'GT', ...FULL_MLA, basisId: 'uncac-2003', factsSummary: undefined, assistanceTypes: ['service-of-documents'], offences: [{ description: 'Bribery', categories: ['corruption'] }] });
    expect(fields(d)).not.toContain('factsSummary');
  });

  it("adds OIA's model (DOJ CRM 275: text of the statutes) to any US MLA request as the department's policy, not a block", () => {
    const d = draft({ requestingState: 'US', requestedState: 'SV', ...FULL_MLA, legalProvisions: '  ' });
    const result = completenessOf(d);
    const gap = result.missing.find((m) => m.field === 'legalProvisions');
    expect(gap).toMatchObject({ article: 'CRM 275', requirement: 'required', nature: 'policy', blocking: false, confidence: 'default' });
    expect(result.complete).toBe(true);
  });

  it('requires a reciprocity promise for letters rogatory only (DOJ CRM 275)', () => {
    expect(fields(draft({ requestingState: 'US', requestedState: 'GT', ...FULL_MLA, basisId: 'letters-rogatory' }))).toContain('reciprocityPromise');
    expect(fields(draft({ requestingState: 'US', requestedState: 'GT', ...FULL_MLA }))).not.toContain('reciprocityPromise');
  });

  it('is complete when every IA-MLA art. 26 item is present; the optional special procedure stays a checklist item', () => {
    const result = completenessOf(draft({ requestingState: 'US', requestedState: 'GT', ...FULL_MLA }));
    expect(result.complete).toBe(true);
    expect(result.missing.map((m) => [m.field, m.article, m.requirement, m.blocking])).toEqual([['specialProcedure', 'IA-MLA art. 26(c)', 'recommended', false]]);
  });

  it('blocks only on what confirmed law makes mandatory (IA-MLA art. 26), not on the house checklist', () => {
    const result = completenessOf(draft({ requestingState: 'MX', requestedState: 'GT', kind: 'mla', offences: [{ description: 'Fraud' }] }));
    const blocking = result.missing.filter((m) => m.blocking).map((m) => [m.field, m.article]);
    expect(blocking).toEqual([
      ['factsSummary', 'IA-MLA art. 26(a)'],
      ['subject', 'IA-MLA art. 26(a)'],
      ['purpose', 'IA-MLA art. 26(b)'],
      ['assistanceSought', 'IA-MLA art. 26(d)'],
    ]);
    // The house checklist (requesting authority) is policy: listed, never blocking.
    expect(result.missing.find((m) => m.field === 'requestingAuthority')).toMatchObject({ nature: 'policy', blocking: false, confidence: 'default' });
    expect(result.complete).toBe(false);
  });

  it('lets a draft through whose only gaps are the house checklist and unconfirmed law (checklist items)', () => {
    const d = draft({ requestingState: 'MX', requestedState: 'GT', kind: 'mla', ...FULL_MLA, requestingAuthority: undefined, offences: [{ description: 'Fraud' }] });
    const result = completenessOf(d);
    expect(result.missing.map((m) => m.field)).toContain('requestingAuthority');
    expect(result.complete).toBe(true);
  });

  it('flags persons concerned without nationality (UNCAC art. 46(15)(e))', () => {
    const d = draft({ requestingState: 'US', requestedState: 'GT', ...FULL_MLA, basisId: 'uncac-2003', personsConcerned: [{ name: 'B' }], offences: [{ description: 'Bribery', categories: ['corruption'] }] });
    expect(fields(d)).toEqual(['personsConcerned[0].nationality']);
  });

  it('asks every MLA request to Mexico for the CNPP art. 442 minimum contents (transcription of the legal provisions)', () => {
    const d = draft({ requestingState: 'GT', requestedState: 'MX', kind: 'mla', ...FULL_MLA, legalProvisions: undefined });
    expect(completenessOf(d).missing.find((m) => m.field === 'legalProvisions')).toMatchObject({ article: 'CNPP art. 442', blocking: true, nature: 'law' });
  });

  it.each([
    { documents: {}, expected: ['documents.sentence', 'documents.identification'] },
    { documents: { sentence: 'doc-1', identification: 'doc-2' }, expected: [] },
    { documents: { arrestWarrant: 'doc-3', offenceDescription: true, identification: 'doc-2' }, expected: ['documents.penalLaw', 'documents.prescriptionRules'] },
  ])('Montevideo 1933 art. 5: sentence, or warrant + description + penal law + prescription rules ($expected)', ({ documents, expected }) => {
    const d = draft({ requestingState: 'GT', requestedState: 'SV', requestingAuthority: 'MP', documents });
    const missing = completenessOf(d).missing.filter((m) => m.article === 'Montevideo 1933 art. 5');
    expect(missing.map((m) => m.field)).toEqual(expected);
  });

  it('reports invalid values by field (engine validation)', () => {
    const d = draft({
      requestingState: 'US',
      requestedState: 'GT',
      ...FULL_MLA,
      neededBy: '2025-01-01',
      language: 'Spanish',
      offences: [{ maxPenaltyYears: -1 }],
    });
    const invalid = completenessOf(d).missing.filter((m) => m.problem === 'invalid');
    expect(invalid.map((m) => m.field)).toEqual(['neededBy', 'language', 'offences[0]', 'offences[0].maxPenaltyYears']);
  });
});
