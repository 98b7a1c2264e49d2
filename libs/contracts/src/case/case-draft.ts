import type { JurisdictionCode } from '../../../domain/src';

// The one draft model: what a prosecutor writes, what a case carries, and what the rules engine
// evaluates (@comity/treaty-rules' DraftRequest is this plus the states and the evaluation date).

export const OFFENCE_CATEGORIES = [
  'drug-trafficking',
  'terrorism',
  'organized-crime',
  'corruption',
  'money-laundering',
  'international-significance',
  'violent-crime-against-requested-state-national',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

export const ASSISTANCE_TYPES = [
  'service-of-documents',
  'testimony',
  'records',
  'search-seizure',
  'freezing',
  'transfer-of-detainee',
  'other',
] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];

export const EXTRADITION_DOCUMENTS = [
  'sentence',
  'arrestWarrant',
  'offenceDescription',
  'penalLaw',
  'prescriptionRules',
  'identification',
] as const;
export type ExtraditionDocument = (typeof EXTRADITION_DOCUMENTS)[number];

export interface DraftOffence {
  code?: string;
  description?: string;
  maxPenaltyYears?: number;
  /** For enforcement of a sentence: months still to serve. */
  remainingSentenceMonths?: number;
  isPolitical?: boolean;
  isMilitary?: boolean;
  isTax?: boolean;
  deathPenaltyPossible?: boolean;
  categories?: OffenceCategory[];
  committedIn?: JurisdictionCode;
  /** YYYY-MM-DD */
  offenceDate?: string;
  limitationPeriodYears?: number;
  punishableInRequestedState?: boolean;
}

export interface PersonConcerned {
  name?: string;
  nationality?: string;
  location?: string;
}

export const PERSON_CUSTODY_STATUSES = ['at_large', 'in_custody', 'on_bail'] as const;

export interface PersonSought {
  nationalities: JurisdictionCode[];
  name?: string;
  /** Extradition: whether the person is at large, in custody or on bail. */
  custodyStatus?: (typeof PERSON_CUSTODY_STATUSES)[number];
}

export const REQUEST_TYPES = ['provisional_arrest', 'formal', 'provisional_then_formal'] as const;

/** A request's content while it is drafted; every field is optional until submission. */
export interface CaseDraft {
  /** Office reference; no personal data. */
  reference?: string;
  summary?: string;
  /** The instrument the drafter chose; otherwise the best-ranked applicable one is used. */
  basisId?: string;
  offences?: DraftOffence[];
  personSought?: PersonSought;
  /** Extradition: provisional arrest, formal extradition, or provisional arrest followed by formal extradition. */
  requestType?: (typeof REQUEST_TYPES)[number];
  /** Extradition: the Interpol red notice, if any (its reference, not the person's name). */
  redNoticeRef?: string;
  requestingAuthority?: string;
  investigatingAuthority?: string;
  subject?: string;
  factsSummary?: string;
  assistanceSought?: string;
  assistanceTypes?: AssistanceType[];
  specialProcedure?: string;
  legalProvisions?: string;
  purpose?: string;
  personsConcerned?: PersonConcerned[];
  reciprocityPromise?: boolean;
  documents?: Partial<Record<ExtraditionDocument, string | boolean>>;
  deathPenaltyAssurances?: boolean;
  /** ISO 639-1 code of the language the request is drafted in. */
  language?: string;
  translationsProvided?: string[];
  urgent?: boolean;
  /** YYYY-MM-DD by which the assistance is needed. */
  neededBy?: string;
}

/**
 * A stored draft as the current model reads it. Cases opened before the one draft model kept
 * the persons concerned as one text; they become one person of that name.
 */
export function normalizeDraft(draft: CaseDraft | (Omit<CaseDraft, 'personsConcerned'> & { personsConcerned?: unknown })): CaseDraft {
  const persons = draft.personsConcerned;
  if (typeof persons === 'string') return { ...draft, personsConcerned: persons ? [{ name: persons }] : [] };
  return draft as CaseDraft;
}
