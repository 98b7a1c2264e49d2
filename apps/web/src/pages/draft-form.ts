import { z } from 'zod';
import type { Draft, Schemas } from '../api/client';

// The drafting form: what a prosecutor types, checked here for shape (lengths, numbers, dates);
// whether the request is complete is the rules engine's answer (POST /rules/evaluate), not ours.

export const STATES = ['MX', 'US', 'GT', 'HN', 'SV'] as const;
// Held to the API's enumeration by the generated types: a value the API drops or renames fails the
// build instead of drifting (the app reads only the API, never libs/contracts).
export const ASSISTANCE = [
  'service-of-documents',
  'testimony',
  'records',
  'search-seizure',
  'freezing',
  'transfer-of-detainee',
  'other',
] as const satisfies readonly NonNullable<Draft['assistanceTypes']>[number][];

export const KINDS = ['mla', 'extradition'] as const satisfies readonly Schemas['CreateCaseDto']['kind'][];
export const REQUEST_TYPES = [
  'provisional_then_formal',
  'provisional_arrest',
  'formal',
] as const satisfies readonly NonNullable<Draft['requestType']>[];
export const CUSTODY = ['at_large', 'in_custody', 'on_bail'] as const satisfies readonly NonNullable<
  NonNullable<Draft['personSought']>['custodyStatus']
>[];
/** The supporting documents an extradition request says it carries (the rules check them against the treaty). */
export const SUPPORTING = [
  'arrestWarrant',
  'sentence',
  'offenceDescription',
  'penalLaw',
  'prescriptionRules',
  'identification',
] as const satisfies readonly (keyof NonNullable<Draft['documents']>)[];
export const TRANSLATIONS = ['es', 'en'] as const;

const line = z.string().trim().max(200, 'tooLong');
const text = z.string().trim().max(10_000, 'tooLong');

export const draftSchema = z.object({
  kind: z.enum(KINDS),
  requestedState: z.enum(STATES, { message: 'required' }),
  reference: z.string().trim().min(1, 'required').max(100, 'tooLong'),
  urgent: z.boolean(),
  neededBy: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'date'),
  requestingAuthority: line,
  investigatingAuthority: line,
  subject: line,
  factsSummary: text,
  offenceDescription: line,
  maxPenaltyYears: z.string().regex(/^(\d{1,3}(\.\d+)?)?$/, 'number'),
  legalProvisions: text,
  assistanceSought: text,
  assistanceTypes: z.array(z.enum(ASSISTANCE)),
  purpose: text,
  personName: line,
  personNationality: z.string().regex(/^([A-Z]{2})?$/, 'country'),
  personLocation: line,
  requestType: z.enum(REQUEST_TYPES).or(z.literal('')),
  soughtName: line,
  soughtNationalities: z.string().regex(/^\s*([A-Z]{2}(\s*,\s*[A-Z]{2})*)?\s*$/, 'countries'),
  custodyStatus: z.enum(CUSTODY).or(z.literal('')),
  redNoticeRef: z.string().trim().max(100, 'tooLong'),
  supportingDocuments: z.array(z.enum(SUPPORTING)),
  translationsProvided: z.array(z.enum(TRANSLATIONS)),
});
export type DraftForm = z.infer<typeof draftSchema>;

export const EMPTY_FORM: DraftForm = {
  kind: 'mla',
  requestedState: 'US',
  reference: '',
  urgent: false,
  neededBy: '',
  requestingAuthority: '',
  investigatingAuthority: '',
  subject: '',
  factsSummary: '',
  offenceDescription: '',
  maxPenaltyYears: '',
  legalProvisions: '',
  assistanceSought: '',
  assistanceTypes: [],
  purpose: '',
  personName: '',
  personNationality: '',
  personLocation: '',
  requestType: '',
  soughtName: '',
  soughtNationalities: '',
  custodyStatus: '',
  redNoticeRef: '',
  supportingDocuments: [],
  translationsProvided: [],
};

const nonEmpty = (value: string) => (value.trim() ? value.trim() : undefined);

/** The API's draft from the form: empty fields are left out, never sent as empty strings. */
export function toDraft(form: DraftForm): Draft {
  const offence = nonEmpty(form.offenceDescription);
  const years = form.maxPenaltyYears ? Number(form.maxPenaltyYears) : undefined;
  const person = {
    name: nonEmpty(form.personName),
    nationality: nonEmpty(form.personNationality),
    location: nonEmpty(form.personLocation),
  };
  const draft: Draft = {
    reference: nonEmpty(form.reference),
    ...(form.kind === 'extradition' ? extraditionFields(form) : {}),
    summary: nonEmpty(form.subject),
    urgent: form.urgent || undefined,
    neededBy: form.neededBy || undefined,
    requestingAuthority: nonEmpty(form.requestingAuthority),
    investigatingAuthority: nonEmpty(form.investigatingAuthority),
    subject: nonEmpty(form.subject),
    factsSummary: nonEmpty(form.factsSummary),
    offences: offence || years !== undefined ? [{ description: offence, maxPenaltyYears: years }] : undefined,
    legalProvisions: nonEmpty(form.legalProvisions),
    assistanceSought: nonEmpty(form.assistanceSought),
    assistanceTypes: form.assistanceTypes.length ? form.assistanceTypes : undefined,
    purpose: nonEmpty(form.purpose),
    personsConcerned: form.kind === 'mla' && (person.name || person.location) ? [person] : undefined,
  };
  return Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined)) as Draft;
}

/** An extradition's own fields: the request type, the person sought, the red notice, the supporting documents. */
function extraditionFields(form: DraftForm): Draft {
  const nationalities = form.soughtNationalities
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const name = nonEmpty(form.soughtName);
  return {
    requestType: form.requestType || undefined,
    personSought:
      name || nationalities.length || form.custodyStatus
        ? { nationalities, name, custodyStatus: form.custodyStatus || undefined }
        : undefined,
    redNoticeRef: nonEmpty(form.redNoticeRef),
    documents: form.supportingDocuments.length
      ? Object.fromEntries(form.supportingDocuments.map((d) => [d, true]))
      : undefined,
    translationsProvided: form.translationsProvided.length ? form.translationsProvided : undefined,
  };
}

/** The form from a stored draft (the case's), for editing. */
export function fromDraft(requestedState: string, draft: Record<string, unknown>, kind = 'mla'): DraftForm {
  const d = draft as Draft;
  const offence = d.offences?.[0];
  const person = d.personsConcerned?.[0];
  const sought = d.personSought;
  return {
    ...EMPTY_FORM,
    kind: kind === 'extradition' ? 'extradition' : 'mla',
    requestType: d.requestType ?? '',
    soughtName: sought?.name ?? '',
    soughtNationalities: sought?.nationalities?.join(', ') ?? '',
    custodyStatus: sought?.custodyStatus ?? '',
    redNoticeRef: d.redNoticeRef ?? '',
    supportingDocuments: SUPPORTING.filter((k) => d.documents?.[k]),
    translationsProvided: TRANSLATIONS.filter((l) => d.translationsProvided?.includes(l)),
    requestedState: (STATES as readonly string[]).includes(requestedState)
      ? (requestedState as DraftForm['requestedState'])
      : 'US',
    reference: d.reference ?? '',
    urgent: d.urgent ?? false,
    neededBy: d.neededBy?.slice(0, 10) ?? '',
    requestingAuthority: d.requestingAuthority ?? '',
    investigatingAuthority: d.investigatingAuthority ?? '',
    subject: d.subject ?? d.summary ?? '',
    factsSummary: d.factsSummary ?? '',
    offenceDescription: offence?.description ?? '',
    maxPenaltyYears: offence?.maxPenaltyYears !== undefined ? String(offence.maxPenaltyYears) : '',
    legalProvisions: d.legalProvisions ?? '',
    assistanceSought: d.assistanceSought ?? '',
    assistanceTypes: (d.assistanceTypes ?? []) as DraftForm['assistanceTypes'],
    purpose: d.purpose ?? '',
    personName: person?.name ?? '',
    personNationality: person?.nationality ?? '',
    personLocation: person?.location ?? '',
  };
}
