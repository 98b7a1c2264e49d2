import { evaluateDraft } from './evaluate';
import { instrumentStatusAt } from './instrument-status';
import { chooseBasis, findLegalBases } from './legal-bases';
import { buildRulesIndex, TIER_ORDER } from './rules-index';
import { bundledIndex, cloneData, draft, ORDERED_PAIRS } from './spec-fixtures';
import type { CaseKind } from '@comity/domain';

const key = (a: string, b: string) => [a, b].sort().join('-');

// Chosen basis at 1 June 2025 for each unordered pair (the same both ways).
const EXPECTED_MLA: Record<string, string> = {
  'MX-US': 'us-mx-mlat-1987',
  'GT-MX': 'ia-mla-1992',
  'HN-MX': 'mx-hn-mla-2004',
  'MX-SV': 'ia-mla-1992',
  'GT-US': 'ia-mla-1992',
  'HN-US': 'ia-mla-1992',
  'SV-US': 'ia-mla-1992',
  'GT-HN': 'ia-mla-1992',
  'GT-SV': 'ia-mla-1992',
  'HN-SV': 'ia-mla-1992',
};
const EXPECTED_EXTRADITION: Record<string, string> = {
  'MX-US': 'us-mx-extradition-1978',
  'GT-MX': 'mx-gt-extradition-1997',
  'HN-MX': 'montevideo-1933',
  'MX-SV': 'montevideo-1933',
  'GT-US': 'us-gt-extradition-1903',
  'HN-US': 'us-hn-extradition-1909',
  'SV-US': 'us-sv-extradition-1911',
  'GT-HN': 'montevideo-1933',
  'GT-SV': 'montevideo-1933',
  'HN-SV': 'montevideo-1933',
};
// Where a higher-ranked instrument exists but cannot be relied on, it must still be listed.
const UNCERTAIN_ABOVE_CHOSEN: Record<string, string> = {
  'mla:GT-MX': 'mx-gt-mla',
  'mla:GT-HN': 'ca-mla-1993',
  'mla:GT-SV': 'ca-mla-1993',
  'mla:HN-SV': 'ca-mla-1993',
  'extradition:MX-SV': 'mx-sv-extradition-1997',
};

const CASES = ORDERED_PAIRS.flatMap(([from, to]) =>
  (['mla', 'extradition'] as CaseKind[]).map((kind) => ({
    from,
    to,
    kind,
    expected: (kind === 'mla' ? EXPECTED_MLA : EXPECTED_EXTRADITION)[key(from, to)],
    uncertain: UNCERTAIN_ABOVE_CHOSEN[`${kind}:${key(from, to)}`],
  })),
);

describe('legal bases for every ordered pair (bilateral > regional > multilateral > comity; Montevideo art. 21)', () => {
  it.each(CASES)('$kind $from→$to: chooses $expected at 2025-06-01 (ranking per Montevideo art. 21 / IA-MLA / bilateral treaty)', ({ from, to, kind, expected, uncertain }) => {
    const bases = findLegalBases({ requestingState: from, requestedState: to, kind, offences: [], date: '2025-06-01' }, bundledIndex);
    const chosen = chooseBasis(bases);

    expect(chosen?.instrumentId).toBe(expected);
    const tiers = bases.map((b) => TIER_ORDER[b.kind as keyof typeof TIER_ORDER]);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    for (const basis of bases) {
      expect(basis.reasons.length).toBeGreaterThan(0);
      for (const r of basis.reasons) {
        expect(r.source).toBeTruthy();
        expect(['confirmed', 'secondary', 'unconfirmed', 'default']).toContain(r.confidence);
      }
    }
    if (uncertain) {
      const higher = bases.find((b) => b.instrumentId === uncertain);
      expect(higher?.applicability).toBe('uncertain');
      expect(higher!.rank).toBeLessThan(chosen!.rank);
      const evaluation = evaluateDraft(draft({ requestingState: from, requestedState: to, kind }), bundledIndex, '2025-06-01T00:00:00Z');
      expect(evaluation.warnings.map((w) => w.ruleId)).toContain(`basis:${uncertain}:uncertain`);
    }
  });

  it.each(CASES.filter((c) => c.kind === 'mla'))('mla $from→$to: letters rogatory are the last, comity fallback (DOJ CRM 275)', ({ from, to }) => {
    const bases = findLegalBases({ requestingState: from, requestedState: to, kind: 'mla', offences: [], date: '2025-06-01' }, bundledIndex);
    const last = bases[bases.length - 1];
    expect(last.instrumentId).toBe('letters-rogatory');
    expect(last.applicability).toBe('applicable');
  });

  it('excludes Montevideo 1933 while a bilateral treaty is in force, with the reason (Montevideo art. 21)', () => {
    const bases = findLegalBases({ requestingState: 'US', requestedState: 'GT', kind: 'extradition', offences: [], date: '2025-06-01' }, bundledIndex);
    const montevideo = bases.find((b) => b.instrumentId === 'montevideo-1933')!;
    expect(montevideo.applicability).toBe('not-applicable');
    expect(montevideo.reasons.find((r) => r.code === 'subsidiary')).toMatchObject({ article: 'Montevideo 1933 art. 21', confidence: 'confirmed' });
  });

  it('falls back from a requested basis that is excluded to the best applicable one, with a warning (Montevideo art. 21)', () => {
    const evaluation = evaluateDraft(draft({ requestingState: 'MX', requestedState: 'US', basisId: 'montevideo-1933' }), bundledIndex, '2025-06-01T00:00:00Z');
    expect(evaluation.chosenBasis?.instrumentId).toBe('us-mx-extradition-1978');
    expect(evaluation.warnings.find((w) => w.ruleId === 'basis:montevideo-1933')?.message).toMatch(/governs/);
  });

  it('uses UNTOC for extradition only where the requested state accepts it and no treaty applies (UNTOC art. 16(5)(a), Mexico declaration)', () => {
    const offences = [{ description: 'Cartel trafficking', categories: ['organized-crime' as const] }];
    const toMx = findLegalBases({ requestingState: 'HN', requestedState: 'MX', kind: 'extradition', offences, date: '2025-06-01' }, bundledIndex);
    const fromMxToUs = findLegalBases({ requestingState: 'US', requestedState: 'MX', kind: 'extradition', offences, date: '2025-06-01' }, bundledIndex);
    expect(toMx.find((b) => b.instrumentId === 'untoc-2000')?.applicability).toBe('applicable');
    expect(fromMxToUs.find((b) => b.instrumentId === 'untoc-2000')?.applicability).toBe('not-applicable');
  });

  it('lists the IA-MLA Optional Protocol as supplementing IA-MLA only between its parties (IA-MLA art. 9(f), OAS A-59)', () => {
    const usHn = findLegalBases({ requestingState: 'US', requestedState: 'HN', kind: 'mla', offences: [], date: '2025-06-01' }, bundledIndex);
    const usGt = findLegalBases({ requestingState: 'US', requestedState: 'GT', kind: 'mla', offences: [], date: '2025-06-01' }, bundledIndex);
    expect(usHn.find((b) => b.instrumentId === 'ia-mla-1992')?.supplementedBy).toEqual(['ia-mla-op-1993']);
    expect(usGt.find((b) => b.instrumentId === 'ia-mla-1992')?.supplementedBy).toEqual([]);
  });

  it('treats a state as party to IA-MLA only from the 30th day after its deposit (OAS A-55 status table; IA-MLA art. 37)', () => {
    const before = findLegalBases({ requestingState: 'US', requestedState: 'HN', kind: 'mla', offences: [], date: '2006-01-01' }, bundledIndex);
    const iaMla = before.find((b) => b.instrumentId === 'ia-mla-1992')!;
    expect(iaMla.applicability).toBe('not-applicable');
    expect(iaMla.reasons.map((r) => r.message).join(' ')).toMatch(/HN is a party .* only from 2006-12-10/);
  });
});

describe('US–HN Extradition Convention 1909 during and after the 2024–2026 denunciation (Art. XIV)', () => {
  const usToHn = (date: string) => draft({ requestingState: 'US', requestedState: 'HN', date, personSought: { nationalities: ['MX'] } });
  const convention = bundledIndex.instruments.get('us-hn-extradition-1909')!;

  it.each([
    { date: '2024-01-15', status: 'in-force', confidence: 'confirmed' },
    { date: '2024-08-28', status: 'denunciation-pending', confidence: 'secondary' },
    { date: '2025-06-01', status: 'denunciation-pending', confidence: 'secondary' },
    { date: '2026-01-09', status: 'denunciation-pending', confidence: 'secondary' },
    { date: '2026-01-10', status: 'in-force', confidence: 'secondary' },
    { date: '2026-03-01', status: 'in-force', confidence: 'secondary' },
  ])('on $date the status is $status [$confidence] (Art. XIV status periods)', ({ date, status, confidence }) => {
    expect(instrumentStatusAt(convention, date)).toMatchObject({ status, confidence, usable: true });
  });

  it('is not yet in force before 10 Jul 1912 (entry into force)', () => {
    expect(instrumentStatusAt(convention, '1911-01-01')).toMatchObject({ status: 'not-yet-in-force', usable: false });
  });

  it('in the window, still governs but warns that the denunciation takes effect 2026-01-27 (Art. XIV) [S]', () => {
    const evaluation = evaluateDraft(usToHn('2025-06-01'), bundledIndex, '2025-06-01T00:00:00Z');
    expect(evaluation.chosenBasis?.instrumentId).toBe('us-hn-extradition-1909');
    expect(evaluation.chosenBasis?.status).toBe('denunciation-pending');
    const warning = evaluation.warnings.find((w) => w.ruleId === 'us-hn-extradition-1909:status[1]');
    expect(warning).toMatchObject({ confidence: 'secondary' });
    expect(warning?.message).toMatch(/2026-01-27/);
  });

  it('after the 10 Jan 2026 annulment, governs again and warns that the annulment is press-reported only (Art. XIV) [S]', () => {
    const evaluation = evaluateDraft(usToHn('2026-03-01'), bundledIndex, '2026-03-01T00:00:00Z');
    expect(evaluation.chosenBasis?.instrumentId).toBe('us-hn-extradition-1909');
    expect(evaluation.chosenBasis?.status).toBe('in-force');
    expect(evaluation.warnings.find((w) => w.ruleId === 'us-hn-extradition-1909:status[2]')?.message).toMatch(/annulled/);
  });

  it('had the denunciation taken effect, is excluded with the reason and Montevideo takes over (Art. XIV; Montevideo art. 21)', () => {
    const data = cloneData();
    const inst = data.instruments.instruments.find((i) => i.id === 'us-hn-extradition-1909')!;
    inst.status = [
      inst.status[0],
      { ...inst.status[1], to: '2026-01-27' },
      { from: '2026-01-27', status: 'denounced', source: 'counterfactual for the test', confidence: 'secondary' },
    ];
    const index = buildRulesIndex(data);

    const inWindow = evaluateDraft(usToHn('2025-06-01'), index, '2025-06-01T00:00:00Z');
    const after = evaluateDraft(usToHn('2026-03-01'), index, '2026-03-01T00:00:00Z');

    expect(inWindow.chosenBasis?.instrumentId).toBe('us-hn-extradition-1909');
    const excluded = after.bases.find((b) => b.instrumentId === 'us-hn-extradition-1909')!;
    expect(excluded).toMatchObject({ applicability: 'not-applicable', status: 'denounced' });
    expect(excluded.reasons[0].message).toMatch(/denounced since 2026-01-27/);
    expect(after.chosenBasis?.instrumentId).toBe('montevideo-1933');
  });
});
