import type { CaseDraft } from '@comity/contracts';
import type { CaseKind } from '@comity/domain';
import type { ContentItem, Evaluation, RulesIndex } from '@comity/treaty-rules';
import { LETTER_TEXTS, type LetterLanguage, type LetterTexts, type SectionKey } from './letter-texts';

// A request letter as data: what it says, in which order, citing which articles. The PDF and
// the DOCX are two renderings of it, and it is kept with each letter version, so any version can
// be rendered again exactly as it was generated.

export interface LetterSection {
  key: SectionKey | string;
  heading: string;
  /** The articles of the instrument (or the requesting state's practice) this section answers. */
  citations: string[];
  paragraphs: string[];
  items: string[];
}

export interface LetterModel {
  language: LetterLanguage;
  kind: CaseKind;
  caseId: string;
  version: number;
  date: string;
  reference: string | null;
  requestingState: string;
  requestedState: string;
  basisId: string | null;
  dataVersion: string;
  title: string;
  addressee: string;
  basis: string;
  opening: string;
  sections: LetterSection[];
  closing: string;
  signature: string;
  footer: string;
}

export interface LetterInput {
  caseId: string;
  version: number;
  /** YYYY-MM-DD */
  date: string;
  kind: CaseKind;
  requestingState: string;
  requestedState: string;
  draft: CaseDraft;
  evaluation: Evaluation;
  index: RulesIndex;
  language: LetterLanguage;
  contact: { authority: string; officer: string; email: string | null };
}

// Which section of the letter answers each field a contents template asks for.
const FIELD_SECTIONS: Record<string, SectionKey> = {
  requestingAuthority: 'requestingAuthority',
  subject: 'subject',
  investigatingAuthority: 'investigatingAuthority',
  factsSummary: 'facts',
  offences: 'offences',
  legalProvisions: 'offences',
  assistanceSought: 'assistance',
  assistanceTypes: 'assistance',
  specialProcedure: 'assistance',
  personsConcerned: 'persons',
  purpose: 'purpose',
  reciprocityPromise: 'reciprocity',
  'personSought.name': 'personSought',
  'personSought.nationalities': 'personSought',
  deathPenaltyAssurances: 'assurances',
};

// What every letter covers, in this order after the instrument's own items.
const ALWAYS: Record<CaseKind, SectionKey[]> = {
  mla: ['requestingAuthority', 'investigatingAuthority', 'subject', 'facts', 'offences', 'assistance', 'persons', 'purpose'],
  extradition: ['requestingAuthority', 'personSought', 'facts', 'offences', 'supportingDocuments'],
  foreign_prosecution: ['requestingAuthority', 'personSought', 'facts', 'offences'],
};
const LAST: SectionKey[] = ['confidentialityAndUrgency', 'contactPoint'];

/** The languages a letter to `requestedState` may be written in, preferred first. */
export function letterLanguages(evaluation: Evaluation): LetterLanguage[] {
  return evaluation.language.required.filter((l): l is LetterLanguage => l === 'es' || l === 'en');
}

export function buildLetter(input: LetterInput): LetterModel {
  const t = LETTER_TEXTS[input.language];
  const { index, draft } = input;
  const basisId = input.evaluation.chosenBasis?.instrumentId ?? null;
  const sections = new Map<string, LetterSection>();
  const section = (key: SectionKey | string, heading: string) => {
    let s = sections.get(key);
    if (!s) {
      s = { key, heading, citations: [], paragraphs: [], items: [] };
      sections.set(key, s);
    }
    return s;
  };

  // The instrument's required contents first, in its order, then the requesting state's own
  // practice (e.g. the US Criminal Resource Manual), each section citing the articles it answers.
  for (const item of templateItems(input)) {
    const key = sectionOf(item);
    const s = key ? section(key, t.sections[key]) : section(`field:${item.field}`, item.text);
    if (item.article && !s.citations.includes(item.article)) s.citations.push(item.article);
  }
  for (const key of [...ALWAYS[input.kind], ...(draft.deathPenaltyAssurances ? (['assurances'] as const) : [])]) {
    section(key, t.sections[key]);
  }
  for (const key of LAST) {
    sections.delete(key);
    section(key, t.sections[key]);
  }
  for (const s of sections.values()) fill(s, input, t);

  const requested = t.states[input.requestedState] ?? input.requestedState;
  const requesting = t.states[input.requestingState] ?? input.requestingState;
  return {
    language: input.language,
    kind: input.kind,
    caseId: input.caseId,
    version: input.version,
    date: input.date,
    reference: draft.reference ?? null,
    requestingState: input.requestingState,
    requestedState: input.requestedState,
    basisId,
    dataVersion: input.evaluation.dataVersion,
    title: t.title[input.kind],
    addressee: t.addressee(addresseeOf(input) ?? t.centralAuthority, requested),
    basis: basisId ? t.basis(t.instruments[basisId] ?? index.instruments.get(basisId)?.name ?? basisId) : t.noBasis,
    opening: t.opening(requesting, requested),
    sections: [...sections.values()],
    closing: t.closing,
    signature: t.signature,
    footer: t.generated(input.caseId, input.version, input.evaluation.dataVersion),
  };
}

function templateItems({ evaluation, index, kind, requestingState }: LetterInput): ContentItem[] {
  const basis = evaluation.chosenBasis ? index.instruments.get(evaluation.chosenBasis.instrumentId) : undefined;
  const refs = [
    ...(basis?.requiredContents ?? []),
    ...(index.jurisdictions.get(requestingState)?.outgoingContents ?? []),
  ].filter((r) => r.kind === kind);
  return refs.flatMap((r) => r.templates.flatMap((id) => index.templates.get(id)?.items ?? []));
}

function sectionOf(item: ContentItem): SectionKey | null {
  const fields = item.anyOf?.flat() ?? (item.field ? [item.field] : []);
  if (fields.some((f) => f.startsWith('documents.'))) return 'supportingDocuments';
  for (const f of fields) if (FIELD_SECTIONS[f]) return FIELD_SECTIONS[f];
  return null;
}

function fill(s: LetterSection, { draft, contact }: LetterInput, t: LetterTexts): void {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : t.notStated);
  switch (s.key) {
    case 'requestingAuthority':
      s.paragraphs.push(text(draft.requestingAuthority));
      break;
    case 'subject':
      s.paragraphs.push(text(draft.subject));
      break;
    case 'investigatingAuthority':
      s.paragraphs.push(text(draft.investigatingAuthority));
      break;
    case 'facts':
      s.paragraphs.push(text(draft.factsSummary));
      break;
    case 'offences':
      s.items.push(...(draft.offences ?? []).map((o) => t.offence(text(o.description ?? o.code), o.maxPenaltyYears ?? null)));
      s.paragraphs.push(`${t.statuteText}: ${text(draft.legalProvisions)}`);
      break;
    case 'assistance':
      s.paragraphs.push(text(draft.assistanceSought));
      if (draft.assistanceTypes?.length) s.paragraphs.push(`${t.assistanceTypes}: ${draft.assistanceTypes.join(', ')}`);
      if (draft.specialProcedure) s.paragraphs.push(`${t.specialProcedure}: ${draft.specialProcedure}`);
      break;
    case 'persons':
      s.items.push(...(draft.personsConcerned ?? []).map((p) => t.person(text(p.name), p.nationality ?? null, p.location ?? null)));
      if (!s.items.length) s.paragraphs.push(t.notStated);
      break;
    case 'purpose':
      s.paragraphs.push(text(draft.purpose));
      break;
    case 'reciprocity':
      s.paragraphs.push(t.reciprocity);
      break;
    case 'personSought':
      s.paragraphs.push(text(draft.personSought?.name));
      s.paragraphs.push(`${t.nationalities}: ${draft.personSought?.nationalities?.join(', ') || t.notStated}`);
      break;
    case 'supportingDocuments':
      for (const [name, value] of Object.entries(draft.documents ?? {})) {
        if (value) s.items.push(typeof value === 'string' ? `${t.document[name] ?? name}: ${value}` : (t.document[name] ?? name));
      }
      if (!s.items.length) s.paragraphs.push(t.notStated);
      break;
    case 'assurances':
      s.paragraphs.push(draft.deathPenaltyAssurances ? t.deathPenaltyAssurances : t.notStated);
      break;
    case 'confidentialityAndUrgency':
      s.paragraphs.push(t.confidentiality, draft.urgent ? t.urgent(draft.neededBy ?? null) : t.notUrgent);
      break;
    case 'contactPoint':
      s.paragraphs.push(t.contact(contact.authority, contact.officer, contact.email));
      break;
    default: {
      // A field a newer contents template asks for that this letter has no wording for: quoted as given.
      const value = (draft as Record<string, unknown>)[s.key.replace(/^field:/, '')];
      s.paragraphs.push(typeof value === 'string' && value.trim() ? value : t.notStated);
    }
  }
}

// The requested state's central authority for this kind of request (and basis, where the rules
// name one per instrument); the foreign ministry for extradition without one.
function addresseeOf({ index, requestedState, kind, evaluation }: LetterInput): string | null {
  const basisId = evaluation.chosenBasis?.instrumentId;
  const authorities = index.authoritiesByJurisdiction.get(requestedState) ?? [];
  const roles = kind === 'mla' ? ['mla-central-authority', 'letters-rogatory-channel'] : ['extradition-review', 'diplomatic-channel'];
  for (const role of roles) {
    const fits = authorities.filter((a) => a.roles.some((r) => r.role === role && (!r.kinds || r.kinds.includes(kind))));
    const exact = fits.find((a) => a.roles.some((r) => r.role === role && basisId && r.instruments?.includes(basisId)));
    const any = exact ?? fits.find((a) => a.roles.some((r) => r.role === role && !r.instruments)) ?? fits[0];
    if (any) return any.name;
  }
  return null;
}
