import { JURISDICTION_CODES, type CaseKind } from '@comity/domain';
import { caseDraftRequest, evaluateDraft, indexFor, loadBundledRulesData, type RulesIndex } from '@comity/treaty-rules';
import type { CaseDraft } from '@comity/contracts';
import { pdfText } from '../../../../../test/support/pdf-text';
import { zipEntries } from '../../../../../test/support/zip';
import { buildLetter, letterLanguages, type LetterModel } from './letter-model';
import { letterPdf } from './letter-pdf';
import { letterDocx } from './letter-docx';
import { LETTER_TEXTS } from './letter-texts';

const NOW = '2026-11-28T10:00:00Z';

const MLA_DRAFT: CaseDraft = {
  reference: 'REF-2026-0042',
  requestingAuthority: 'Autoridad Requirente Ñandú',
  investigatingAuthority: 'Unidad Investigadora Especial',
  subject: 'Lavado de activos de una red transnacional',
  factsSummary: 'Entre 2023 y 2025 se transfirieron fondos ilícitos a cuentas bancarias en el extranjero.',
  assistanceSought: 'Copias certificadas de los estados de cuenta bancarios',
  legalProvisions: 'Artículo 400 Bis del Código Penal: operaciones con recursos de procedencia ilícita.',
  personsConcerned: [{ name: 'Titular Uno', nationality: 'HN', location: 'Miami' }],
  purpose: 'Rastrear el producto del delito',
  offences: [{ description: 'Lavado de activos', maxPenaltyYears: 15 }],
  urgent: true,
  neededBy: '2027-03-31',
  reciprocityPromise: true,
};

const EXTRADITION_DRAFT: CaseDraft = {
  ...MLA_DRAFT,
  personSought: { name: 'Persona Reclamada', nationalities: ['GT'] },
  documents: { arrestWarrant: 'Orden 12/2026', offenceDescription: true, penalLaw: true, prescriptionRules: true, identification: true },
  deathPenaltyAssurances: true,
};

const CONTACT = { authority: 'Autoridad Central de Prueba', officer: 'Oficial Contacto', email: 'contacto@example.org' };

function letterFor(index: RulesIndex, kind: CaseKind, requesting: string, requested: string): LetterModel {
  const draft = kind === 'mla' ? MLA_DRAFT : EXTRADITION_DRAFT;
  const evaluation = evaluateDraft(caseDraftRequest(kind, requesting, requested, draft), index, NOW);
  const [language] = letterLanguages(evaluation);
  return buildLetter({
    caseId: '00000000-0000-4000-8000-000000000042',
    version: 1,
    date: '2026-11-28',
    kind,
    requestingState: requesting,
    requestedState: requested,
    draft,
    evaluation,
    index,
    language,
    contact: CONTACT,
  });
}

// Every article the chosen instrument's contents templates cite, and the requesting state's own.
function citedArticles(index: RulesIndex, letter: LetterModel, requesting: string): string[] {
  const basis = letter.basisId ? index.instruments.get(letter.basisId) : undefined;
  const refs = [...(basis?.requiredContents ?? []), ...(index.jurisdictions.get(requesting)?.outgoingContents ?? [])];
  return [
    ...new Set(
      refs
        .filter((r) => r.kind === letter.kind)
        .flatMap((r) => r.templates.flatMap((id) => index.templates.get(id)?.items ?? []))
        .flatMap((item) => (item.article ? [item.article] : [])),
    ),
  ];
}

const PAIRS = JURISDICTION_CODES.flatMap((a) => JURISDICTION_CODES.filter((b) => b !== a).map((b) => [a, b] as const));

describe('request letter', () => {
  const index = indexFor(loadBundledRulesData());

  it('should be written in Spanish for the Spanish-speaking states and in English for the United States', () => {
    for (const [a, b] of PAIRS) {
      expect(letterFor(index, 'mla', a, b).language).toBe(b === 'US' ? 'en' : 'es');
    }
  });

  describe.each(['mla', 'extradition'] as const)('%s', (kind) => {
    it.each(PAIRS)(`should render the required contents, the instrument's articles in order and the requested language in the PDF (%s to %s)`, async (a, b) => {
      const letter = letterFor(index, kind, a, b);
      const t = LETTER_TEXTS[letter.language];
      const other = LETTER_TEXTS[letter.language === 'es' ? 'en' : 'es'];
      const footer = new RegExp(`${letter.footer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d+/\\d+`, 'g');
      const text = await pdfText(await letterPdf(letter), footer);

      expect(text).toContain(t.title[kind]);
      expect(text).not.toContain(other.title[kind]);
      const required =
        kind === 'mla'
          ? (['requestingAuthority', 'investigatingAuthority', 'subject', 'facts', 'offences', 'assistance', 'persons', 'purpose'] as const)
          : (['requestingAuthority', 'personSought', 'facts', 'offences', 'supportingDocuments', 'assurances'] as const);
      for (const key of [...required, 'confidentialityAndUrgency', 'contactPoint'] as const) {
        expect(text).toContain(t.sections[key]);
        expect(text).not.toContain(other.sections[key]);
      }
      const draft = kind === 'mla' ? MLA_DRAFT : EXTRADITION_DRAFT;
      for (const value of [draft.requestingAuthority, draft.factsSummary, draft.legalProvisions, 'Lavado de activos', CONTACT.officer]) {
        expect(text).toContain(value);
      }
      if (kind === 'mla') {
        for (const value of [draft.assistanceSought, draft.purpose, 'Titular Uno', draft.investigatingAuthority]) expect(text).toContain(value);
      } else {
        expect(text).toContain('Persona Reclamada');
        expect(text).toContain('Orden 12/2026');
      }
      expect(text).toContain(t.confidentiality);
      expect(text).toContain(t.urgent('2027-03-31'));

      // The instrument's items come first, in its order, each citing its article.
      const articles = citedArticles(index, letter, a);
      for (const article of articles) expect(text).toContain(article);
      const positions = letter.sections.map((s) => text.indexOf(`${letter.sections.indexOf(s) + 1}. ${s.heading}`));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(letter.sections.at(-1)!.key).toBe('contactPoint');
    });
  });

  it('should follow UNCAC art. 46(15) (a) to (f) in order when the drafter chooses UNCAC', () => {
    const draft: CaseDraft = { ...MLA_DRAFT, basisId: 'uncac-2003', offences: [{ description: 'Cohecho', categories: ['corruption'] }] };
    const evaluation = evaluateDraft(caseDraftRequest('mla', 'HN', 'US', draft), index, NOW);
    expect(evaluation.chosenBasis?.instrumentId).toBe('uncac-2003');
    const letter = buildLetter({
      caseId: 'c', version: 1, date: '2026-11-28', kind: 'mla', requestingState: 'HN', requestedState: 'US',
      draft, evaluation, index, language: 'en', contact: CONTACT,
    });
    const cited = [...new Set(letter.sections.flatMap((s) => s.citations.filter((c) => c.startsWith('UNCAC art. 46(15)'))))];
    expect(cited).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)', '(f)'].map((x) => `UNCAC art. 46(15)${x}`));
    expect(letter.sections.slice(0, 6).map((s) => s.key)).toEqual([
      'requestingAuthority', 'subject', 'investigatingAuthority', 'facts', 'assistance', 'persons',
    ]);
  });

  it('should render the same letter as a Word document', async () => {
    const letter = letterFor(index, 'mla', 'MX', 'US');
    const docx = await letterDocx(letter);
    const { fileTypeFromBuffer } = await import('file-type');
    expect((await fileTypeFromBuffer(docx))?.ext).toBe('docx');
    const body = zipEntries(docx).get('word/document.xml')!.toString('utf8');
    for (const s of letter.sections) expect(body).toContain(s.heading);
    expect(body).toContain(MLA_DRAFT.factsSummary);
  });
});
