import { evaluateDraft } from './evaluate';
import { parseRulesData } from './parse-rules-data';
import { buildRulesIndex } from './rules-index';
import { bundledData, cloneData, draft } from './spec-fixtures';
import type { Instrument } from './types';

const errorsOf = (input: unknown) => {
  const result = parseRulesData(input);
  return result.ok ? [] : result.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
};

describe('parseRulesData', () => {
  it('accepts the bundled data files, every fact carrying source and confidence', () => {
    const result = parseRulesData(bundledData);
    expect(result.ok).toBe(true);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('records CA-MLA 1993 signatories outside the five as warnings, not errors (CA-MLA 1993)', () => {
    const result = parseRulesData(bundledData);
    expect(result.problems.some((p) => p.severity === 'warning' && p.message.includes("'CR'"))).toBe(true);
  });

  it("rejects a fact whose source cites the project's design documents instead of the law", () => {
    const data = cloneData();
    data.jurisdictions.jurisdictions[0].officialLanguages.source = 'legal-research.md §10.2';
    expect(errorsOf(data)).toEqual([
      "$.jurisdictions.jurisdictions[0].officialLanguages.source: must cite a law, treaty or official record, not the project's design documents",
    ]);
  });

  it('rejects a deadline variant of an unknown kind or without its source', () => {
    const data = cloneData();
    const review = data.instruments.defaults.deadlines.find((d) => d.id === 'default.mla-central-authority-review')!;
    review.variants = [{ ...review.variants![0], when: 'sometimes' as 'urgent', confidence: undefined as unknown as 'default' }];
    expect(errorsOf(data)).toEqual([
      expect.stringMatching(/^\$\.instruments\.defaults\.deadlines\[\d+\]\.variants\[0\]\.when: /),
      expect.stringMatching(/^\$\.instruments\.defaults\.deadlines\[\d+\]\.variants\[0\]\.confidence: /),
    ]);
  });

  it('rejects a non-object and missing files', () => {
    expect(errorsOf(null)).toEqual(['$: must be an object']);
    expect(errorsOf({})).toEqual(expect.arrayContaining(['$.jurisdictions: must be an object', '$.holidays: must be an object']));
  });

  it('reports every problem with its path', () => {
    const data = cloneData();
    const usHn = data.instruments.instruments.find((i) => i.id === 'us-hn-extradition-1909')!;
    usHn.status[1].from = '2020-01-01';
    (usHn as Partial<Instrument>).source = '';
    (usHn.deadlines![0] as { confidence: string }).confidence = 'probably';
    data.instruments.instruments.find((i) => i.id === 'ia-mla-1992')!.requiredContents![0].templates = ['nope'];
    data.jurisdictions.jurisdictions.find((j) => j.code === 'MX')!.contiguousWith.codes = ['GT', 'US', 'HN'];
    data.authorities.authorities[0].jurisdiction = 'ZZ';
    const index = data.instruments.instruments.indexOf(usHn);
    const iaIndex = data.instruments.instruments.findIndex((i) => i.id === 'ia-mla-1992');

    expect(errorsOf(data)).toEqual(
      expect.arrayContaining([
        `$.instruments.instruments[${index}].source: must be a non-empty string`,
        `$.instruments.instruments[${index}].status[1].from: periods must be ordered, closed (with "to") and not overlap`,
        `$.instruments.instruments[${index}].deadlines[0].confidence: must be one of confirmed, secondary, unconfirmed, default`,
        `$.instruments.instruments[${iaIndex}].requiredContents[0].templates[0]: unknown template 'nope'`,
        "$.jurisdictions(MX).contiguousWith: contiguity with 'HN' is not recorded on both sides",
        "$.authorities.authorities[0].jurisdiction: unknown jurisdiction 'ZZ'",
      ]),
    );
  });

  it('adds Costa Rica as data only: jurisdiction, holiday calendar and party entries (CA Extradition Convention 1923) [S]', () => {
    const data = cloneData();
    data.jurisdictions.jurisdictions.push({
      code: 'CR',
      name: 'Costa Rica',
      officialLanguages: { languages: ['es'], source: 'Engineering default', confidence: 'default' },
      contiguousWith: { codes: [], source: 'Not needed for this test', confidence: 'default' },
    });
    data.holidays.countries.push({ ...data.holidays.countries[0], country: 'CR', library: { country: 'CR', types: ['public'] }, corrections: [] });
    const result = parseRulesData(data);
    expect(result.ok).toBe(true);

    const evaluation = evaluateDraft(draft({ requestingState: 'CR', requestedState: 'GT' }), buildRulesIndex(data), '2025-06-01T00:00:00Z');
    expect(evaluation.chosenBasis?.instrumentId).toBe('ca-extradition-1923');
    expect(evaluation.warnings.some((w) => w.confidence === 'secondary' && w.ruleId.startsWith('ca-extradition-1923'))).toBe(true);
  });
});
