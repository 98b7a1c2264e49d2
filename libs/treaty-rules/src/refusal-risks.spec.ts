import { evaluateDraft } from './evaluate';
import { bundledIndex, draft } from './spec-fixtures';
import type { DraftRequest, Risk } from './types';

const risksOf = (d: DraftRequest, date = '2025-06-01T00:00:00Z') => evaluateDraft(d, bundledIndex, date).risks;
const byRule = (risks: Risk[], ruleId: string) => risks.find((r) => r.ruleId === ruleId);

describe('refusal risks: nationals', () => {
  it('a Salvadoran sought by the US meets SV Const. art. 28 conditions as a high risk, with US–SV 1911 Art. VIII', () => {
    const risks = risksOf(
      draft({
        requestingState: 'US',
        requestedState: 'SV',
        personSought: { nationalities: ['SV'] },
        offences: [{ description: 'Racketeering', maxPenaltyYears: 20, committedIn: 'SV', categories: ['organized-crime'] }],
      }),
    );
    const constitution = byRule(risks, 'sv.const-28.nationals');
    expect(constitution).toMatchObject({ code: 'nationals', severity: 'high', article: 'Const. art. 28', confidence: 'confirmed' });
    expect(constitution?.message).toMatch(/committed outside US/);
    expect(constitution?.mitigation).toMatch(/expressly provides .*reciprocity/);
    expect(byRule(risks, 'us-sv-1911.art-viii')).toMatchObject({ severity: 'medium', article: 'Art. VIII' });
  });

  it('adds the SV Supreme Court no-death-penalty guarantee for Salvadorans, lowered by assurances (SV Const. art. 28 practice) [S]', () => {
    const base = {
      requestingState: 'US',
      requestedState: 'SV',
      personSought: { nationalities: ['SV', 'US'] },
      offences: [{ description: 'Murder', maxPenaltyYears: 99, deathPenaltyPossible: true, committedIn: 'US' }],
    };
    expect(byRule(risksOf(draft(base)), 'sv.csj.death-penalty-guarantees')).toMatchObject({ severity: 'high', confidence: 'secondary' });
    expect(byRule(risksOf(draft({ ...base, deathPenaltyAssurances: true })), 'sv.csj.death-penalty-guarantees')?.severity).toBe('low');
  });

  it.each([
    { categories: ['drug-trafficking' as const], severity: 'medium' },
    { categories: [], severity: 'high' },
  ])('a Honduran sought for $categories is $severity risk (HN Const. art. 102) [S]', ({ categories, severity }) => {
    const risks = risksOf(draft({ requestingState: 'US', requestedState: 'HN', personSought: { nationalities: ['HN'] }, offences: [{ description: 'x', maxPenaltyYears: 10, categories }] }));
    expect(byRule(risks, 'hn.const-102.nationals')).toMatchObject({ severity, article: 'Const. art. 102', confidence: 'secondary' });
  });

  it('a Mexican sought by the US: surrender discretionary, prosecute if refused (US–MX 1978 Art. 9; LEI art. 14)', () => {
    const risks = risksOf(draft({ requestingState: 'US', requestedState: 'MX', personSought: { nationalities: ['MX'] } }));
    expect(byRule(risks, 'us-mx-1978.art-9')).toMatchObject({ severity: 'medium', confidence: 'confirmed' });
    expect(byRule(risks, 'mx.lei-14.nationals')).toMatchObject({ severity: 'medium', article: 'LEI arts. 14, 15, 32', confidence: 'confirmed' });
  });

  it('a US citizen sought by Mexico is surrendered (18 U.S.C. § 3196)', () => {
    const risks = risksOf(draft({ requestingState: 'MX', requestedState: 'US', personSought: { nationalities: ['US'] } }));
    expect(byRule(risks, 'us.usc-3196.nationals')).toMatchObject({ severity: 'info', confidence: 'confirmed' });
  });

  it('a Guatemalan sought by Mexico: the MX–GT treaty rule is UNCONFIRMED and must be flagged (GT Const. art. 27)', () => {
    const risks = risksOf(draft({ requestingState: 'MX', requestedState: 'GT', personSought: { nationalities: ['GT'] } }));
    expect(byRule(risks, 'mx-gt-1997.nationals')).toMatchObject({ confidence: 'unconfirmed' });
    expect(byRule(risks, 'gt.const-27.nationals')).toBeDefined();
  });

  it('has no nationals risk when the person is not a national of the requested state (Montevideo 1933 art. 2)', () => {
    const risks = risksOf(draft({ requestingState: 'GT', requestedState: 'HN', personSought: { nationalities: ['GT'] } }));
    expect(risks.filter((r) => r.code === 'nationals')).toEqual([]);
  });
});

describe('refusal risks: death penalty, dual criminality, offence types', () => {
  it.each([
    { assurances: false, severity: 'high' },
    { assurances: true, severity: 'low' },
  ])('US–MX 1978 Art. 8 death penalty with assurances=$assurances is $severity', ({ assurances, severity }) => {
    const risks = risksOf(draft({ requestingState: 'US', requestedState: 'MX', deathPenaltyAssurances: assurances, offences: [{ description: 'Capital murder', maxPenaltyYears: 99, deathPenaltyPossible: true }] }));
    const risk = byRule(risks, 'us-mx-1978.art-8');
    expect(risk).toMatchObject({ severity, article: 'Art. 8' });
    expect(risk?.mitigation).toMatch(/assurances/);
  });

  it('Montevideo 1933 art. 17(c) replaces a death penalty by the next lower penalty', () => {
    const risks = risksOf(draft({ requestingState: 'GT', requestedState: 'SV', offences: [{ description: 'Murder', maxPenaltyYears: 50, deathPenaltyPossible: true }] }));
    expect(byRule(risks, 'montevideo.art-17-c')).toMatchObject({ severity: 'medium', confidence: 'confirmed' });
  });

  it.each([
    { maxPenaltyYears: 0.5, severity: 'high' },
    { maxPenaltyYears: undefined, severity: 'medium' },
  ])('Montevideo 1933 art. 1(b) minimum 1 year: max penalty $maxPenaltyYears → $severity', ({ maxPenaltyYears, severity }) => {
    const risks = risksOf(draft({ requestingState: 'HN', requestedState: 'SV', offences: [{ description: 'Minor theft', maxPenaltyYears }] }));
    expect(byRule(risks, 'montevideo.art-1')).toMatchObject({ code: 'dual-criminality', severity });
  });

  it('US–MX 1978 Art. 2: at least 6 months of sentence left to serve', () => {
    const risks = risksOf(draft({ requestingState: 'MX', requestedState: 'US', offences: [{ description: 'Fraud', maxPenaltyYears: 10, remainingSentenceMonths: 4 }] }));
    expect(byRule(risks, 'us-mx-1978.art-2')?.message).toMatch(/4 month/);
  });

  it('CA-MLA 1993 definition of delito: conduct not punishable in the requested state is a high risk', () => {
    const risks = risksOf(draft({ requestingState: 'GT', requestedState: 'HN', kind: 'mla', basisId: 'ca-mla-1993', offences: [{ description: 'X', punishableInRequestedState: false }] }));
    expect(byRule(risks, 'ca-mla-1993.delito')).toMatchObject({ severity: 'high', confidence: 'confirmed' });
  });

  it.each([
    { to: 'MX', ruleId: 'mx.const-15.political', article: 'Const. art. 15' },
    { to: 'GT', ruleId: 'gt.const-27.political', article: 'Const. art. 27' },
    { to: 'HN', ruleId: 'hn.const-101.political', article: 'Const. art. 101' },
    { to: 'SV', ruleId: 'sv.const-28.political', article: 'Const. art. 28' },
  ])('political offence to $to is barred ($article)', ({ to, ruleId, article }) => {
    const from = to === 'SV' ? 'GT' : 'SV';
    const risks = risksOf(draft({ requestingState: from, requestedState: to, offences: [{ description: 'Sedition', maxPenaltyYears: 5, isPolitical: true }] }));
    expect(byRule(risks, ruleId)).toMatchObject({ severity: 'high', article });
  });

  it('military offence: US–MX 1978 Art. 5 is recorded; for Montevideo it is UNCONFIRMED and flagged', () => {
    const military = [{ description: 'Desertion', maxPenaltyYears: 5, isMilitary: true }];
    expect(byRule(risksOf(draft({ requestingState: 'US', requestedState: 'MX', offences: military })), 'us-mx-1978.art-5.military')).toMatchObject({ severity: 'high' });
    expect(byRule(risksOf(draft({ requestingState: 'GT', requestedState: 'HN', offences: military })), 'montevideo-1933:military-offence:unrecorded')).toMatchObject({ confidence: 'unconfirmed' });
  });

  it.each([
    { from: 'US', to: 'HN', severity: 'info', ruleId: 'ia-mla-op-1993.tax', why: 'both Optional Protocol parties: may not refuse' },
    { from: 'HN', to: 'US', severity: 'info', ruleId: 'ia-mla-op-1993.tax', why: 'both Optional Protocol parties: may not refuse' },
    { from: 'US', to: 'GT', severity: 'medium', ruleId: 'ia-mla-1992.art-9-f', why: 'GT not a party: may refuse' },
    { from: 'GT', to: 'US', severity: 'medium', ruleId: 'ia-mla-1992.art-9-f', why: 'GT not a party: may refuse' },
  ])('tax offence $from→$to under IA-MLA art. 9(f): $why', ({ from, to, severity, ruleId }) => {
    const risks = risksOf(draft({ requestingState: from, requestedState: to, kind: 'mla', offences: [{ description: 'Tax evasion', maxPenaltyYears: 5, isTax: true }] }));
    const tax = risks.filter((r) => r.code === 'tax-offence');
    expect(tax).toHaveLength(1);
    expect(tax[0]).toMatchObject({ severity, ruleId, confidence: 'confirmed' });
  });

  it('tax offence under UNCAC: no refusal on fiscal grounds alone (UNCAC art. 46(22))', () => {
    const risks = risksOf(draft({ requestingState: 'MX', requestedState: 'GT', kind: 'mla', basisId: 'uncac-2003', offences: [{ description: 'Bribery', isTax: true, categories: ['corruption'] }] }));
    expect(byRule(risks, 'uncac.46-22')).toMatchObject({ severity: 'info' });
  });

  it.each([
    { offenceDate: '2010-01-01', limitationPeriodYears: 10, severity: 'high' },
    { offenceDate: '2020-01-01', limitationPeriodYears: 10, severity: 'low' },
  ])('prescription (Montevideo 1933 art. 3(a)): offence of $offenceDate with $limitationPeriodYears-year limit → $severity', ({ offenceDate, limitationPeriodYears, severity }) => {
    const risks = risksOf(draft({ requestingState: 'HN', requestedState: 'GT', offences: [{ description: 'Fraud', maxPenaltyYears: 8, offenceDate, limitationPeriodYears }] }));
    expect(byRule(risks, 'montevideo.art-3-a')).toMatchObject({ severity });
  });

  it('specialty is a condition to honour after surrender (Montevideo 1933 art. 17(a); US–MX UNCONFIRMED)', () => {
    expect(byRule(risksOf(draft({ requestingState: 'SV', requestedState: 'HN' })), 'montevideo.art-17-a')).toMatchObject({ severity: 'info', confidence: 'confirmed' });
    expect(byRule(risksOf(draft({ requestingState: 'MX', requestedState: 'US' })), 'us-mx-1978.specialty')).toMatchObject({ confidence: 'unconfirmed' });
  });
});
