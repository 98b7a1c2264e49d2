import {
  ASSISTANCE_TYPES,
  OFFENCE_CATEGORIES,
  type AssistanceType,
  type CaseDraft,
  type DraftOffence,
  type ExtraditionDocument,
  type OffenceCategory,
  type PersonConcerned,
} from '@comity/contracts';

// The draft vocabularies belong to the one draft model in @comity/contracts.
export { ASSISTANCE_TYPES, OFFENCE_CATEGORIES };
export type { AssistanceType, CaseDraft, DraftOffence, ExtraditionDocument, OffenceCategory, PersonConcerned };

import type { CaseKind, JurisdictionCode } from '@comity/domain';

// ---- provenance --------------------------------------------------------------------------

// Law: [C] → confirmed, [S] → secondary, UNCONFIRMED → unconfirmed. 'default' marks a policy: a
// platform or authority setting (review periods, house templates), never law. A law fact below
// 'confirmed' that an answer depends on surfaces as a warning (a doubt); a policy never does.
export const CONFIDENCES = ['confirmed', 'secondary', 'unconfirmed', 'default'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** What a fact is: law (treaty, statute, constitution), policy (a setting), or the draft's own input. */
export type Nature = 'law' | 'policy' | 'input';

export interface Sourced {
  id?: string;
  /** A citation of the law, treaty or official record; for a policy, who sets it. */
  source: string;
  article?: string;
  /** Where the source can be read. */
  url?: string;
  confidence: Confidence;
  note?: string;
}

export interface SourcedNote extends Sourced {
  text: string;
  kinds?: CaseKind[];
  states?: JurisdictionCode[];
}

/** Calendar date `YYYY-MM-DD`, interpreted in UTC. */
export type IsoDate = string;

// ---- shared vocabularies -------------------------------------------------------------------


export const REFUSAL_GROUNDS = [
  'political-offence',
  'military-offence',
  'tax-offence',
  'death-penalty',
  'dual-criminality',
  'prescription',
  'specialty',
  'non-bis-in-idem',
  'amnesty-pardon',
  'nationals',
  'essential-interests',
  'evidence-sufficiency',
] as const;
export type RefusalGroundCode = (typeof REFUSAL_GROUNDS)[number];

export const GROUND_EFFECTS = ['mandatory', 'discretionary', 'no-refusal', 'condition', 'unknown'] as const;
export type GroundEffect = (typeof GROUND_EFFECTS)[number];

export const DEADLINE_TRIGGERS = [
  'provisional-arrest',
  'provisional-arrest-notified',
  'committal',
  'extradition-granted',
  'decision-final',
  'placed-at-disposal',
  'preliminary-hearing',
  'objections-filed',
  'judge-opinion-delivered',
  'request-submitted',
  'request-transmitted',
  'supplementary-information-requested',
  'temporary-surrender-agreed',
] as const;
export type DeadlineTrigger = (typeof DEADLINE_TRIGGERS)[number];

export const PERIOD_UNITS = ['calendar', 'business', 'months'] as const;
/** 'calendar' and 'business' count days; 'months' counts calendar months. */
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export const INSTRUMENT_KINDS = ['bilateral', 'regional', 'multilateral', 'comity', 'protocol'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export const INSTRUMENT_STATUSES = [
  'signed',
  'in-force',
  'denunciation-pending',
  'suspended',
  'denounced',
  'withdrawn',
  'not-operative',
  'unknown',
] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

export const AUTHORITY_KINDS = ['central-authority', 'foreign-ministry', 'court', 'prosecution', 'other'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];


// ---- jurisdictions.json ------------------------------------------------------------------

export interface RefusalGround extends Sourced {
  ground: RefusalGroundCode;
  effect: GroundEffect;
  text: string;
  kinds?: CaseKind[];
  minPenaltyYears?: number;
  minRemainingSentenceMonths?: number;
  lawOf?: 'requested' | 'requesting' | 'either';
  exceptBetweenPartiesOf?: string;
  mitigation?: SourcedNote;
  // nationals
  policy?: 'surrenders' | 'discretionary' | 'exceptional' | 'restricted' | 'conditional';
  allowedCategories?: OffenceCategory[];
  requiresTreaty?: boolean;
  requiresExpressTreatyProvision?: boolean;
  territorialRequirement?: 'requesting-state-unless-international';
  conditions?: string[];
  onlyForNationals?: boolean;
}

export interface LanguageRule extends Sourced {
  rule:
    | 'translate-to-requested'
    | 'acceptable-languages'
    | 'sworn-translation'
    | 'translation-paid-by-requesting'
    | 'interpreter-for-person';
  text: string;
  when?: 'requested' | 'requesting';
  instruments?: string[];
  languages?: string[];
  kinds?: CaseKind[];
}

/**
 * Another period for a rule in some cases: between contiguous states (a treaty's own text), or
 * for a request marked urgent (a platform default, never law). `daysBefore` replaces the step's
 * default alerts when the period is too short for them.
 */
export interface DeadlineVariant extends Sourced {
  when: 'contiguous' | 'urgent';
  amount: number;
  unit: PeriodUnit;
  text: string;
  daysBefore?: number[];
}

export interface DeadlineRule extends Sourced {
  id: string;
  step: string;
  trigger: DeadlineTrigger;
  kinds: CaseKind[];
  amount: number | null;
  unit: PeriodUnit;
  calendar: 'requested' | 'requesting';
  text: string;
  start?: 'day-after-event' | 'next-business-day';
  stopsOn?: DeadlineTrigger[];
  unitConfidence?: Confidence;
  variants?: DeadlineVariant[];
  tiers?: InstrumentKind[];
  upperAmount?: number;
  consequence?: string;
}

export interface ContentsRef extends Sourced {
  kind: CaseKind;
  templates: string[];
}

export interface Jurisdiction {
  code: JurisdictionCode;
  name: string;
  officialLanguages: Sourced & { languages: string[] };
  contiguousWith: Sourced & { codes: JurisdictionCode[] };
  refusalGrounds?: RefusalGround[];
  languageRules?: LanguageRule[];
  outgoingContents?: ContentsRef[];
  /** Minimum contents this state's law asks of every request it receives (e.g. MX: CNPP art. 442). */
  incomingContents?: ContentsRef[];
  deadlines?: DeadlineRule[];
  notes?: SourcedNote[];
}

export interface JurisdictionsFile {
  version: string;
  researchAsOf?: string;
  jurisdictions: Jurisdiction[];
}

// ---- authorities.json ----------------------------------------------------------------------

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

export interface Closure extends Sourced, DateRange {
  reason: string;
}

export interface AuthorityRole extends Sourced {
  role: string;
  text: string;
  kinds?: CaseKind[];
  instruments?: string[];
  from?: IsoDate;
  to?: IsoDate;
}

// An authority's own policy, overriding a platform default: `deadline:<step>` sets the period of
// a default deadline (e.g. its internal review period), `house-templates` the content templates it
// asks for on top of what the law requires. Set by an administrator (audited) or in the data.
export const DEADLINE_POLICY_PREFIX = 'deadline:';

export interface PolicySetting {
  key: string;
  amount?: number;
  unit?: PeriodUnit;
  templates?: string[];
  reason?: string;
  /** The administrator change that set it, if any. */
  changeId?: string;
  changedAt?: string;
}

export interface Authority {
  id: string;
  jurisdiction: JurisdictionCode;
  name: string;
  kind: AuthorityKind;
  roles: AuthorityRole[];
  calendarScopes?: string[];
  closures?: Closure[];
  policies?: PolicySetting[];
}

export interface AuthoritiesFile {
  version: string;
  researchAsOf?: string;
  authorities: Authority[];
}

// ---- instruments.json ----------------------------------------------------------------------

export interface Party extends Sourced {
  state: JurisdictionCode;
  /** null: party, but since when was not researched. */
  from: IsoDate | null;
  until?: IsoDate;
}

export interface StatusPeriod extends Sourced {
  /** null: from the beginning of the record (date not researched). */
  from: IsoDate | null;
  to?: IsoDate;
  status: InstrumentStatus;
  effectiveOn?: IsoDate;
  text?: string;
}

export type InstrumentCondition = Sourced & {
  text: string;
  whenUnmet: 'not-applicable' | 'uncertain';
  kinds?: CaseKind[];
} & (
    | { type: 'offence-category'; categories: OffenceCategory[] }
    | { type: 'requested-state-accepts'; states: JurisdictionCode[]; onlyWithoutBilateral?: boolean }
    | { type: 'requested-state'; states: JurisdictionCode[] }
    | { type: 'person-not-national-of-requested' }
  );

export interface ChannelRule extends Sourced {
  kind: CaseKind;
  mode: 'central-authority' | 'diplomatic';
  text: string;
}

export interface Instrument extends Sourced {
  id: string;
  name: string;
  shortName: string;
  kind: InstrumentKind;
  priority?: number;
  scope: CaseKind[];
  supplements?: string;
  openToAll?: boolean;
  parties: Party[];
  nonParties?: Party[];
  status: StatusPeriod[];
  subsidiaryTo?: Sourced & { tiers: InstrumentKind[]; text: string };
  conditions?: InstrumentCondition[];
  channels?: ChannelRule[];
  requiredContents?: ContentsRef[];
  languageRules?: LanguageRule[];
  refusalGrounds?: RefusalGround[];
  deadlines?: DeadlineRule[];
  notes?: SourcedNote[];
  notABasis?: SourcedNote;
}

export interface ContentItem extends Sourced {
  field?: string;
  anyOf?: string[][];
  requirement: 'required' | 'recommended';
  check: 'text' | 'list' | 'true' | 'present' | 'persons';
  text: string;
  unlessOnlyAssistance?: AssistanceType[];
}

export interface ContentTemplate {
  id: string;
  name: string;
  items: ContentItem[];
}

export interface AlertRule extends Sourced {
  step: string;
  daysBefore: number[];
  text: string;
}

export interface PairNote extends SourcedNote {
  id: string;
  states: JurisdictionCode[];
}

export interface InstrumentsFile {
  version: string;
  researchAsOf?: string;
  contentTemplates: ContentTemplate[];
  instruments: Instrument[];
  defaults: { deadlines: DeadlineRule[]; alerts: AlertRule[] };
  pairNotes: PairNote[];
}

// ---- holidays-corrections.json -----------------------------------------------------------

export interface MonthDay {
  month: number;
  day: number;
}

export type HolidayRule =
  | { type: 'fixed'; month: number; day: number; move?: 'following-monday' }
  | { type: 'fixed-list'; dates: MonthDay[] }
  | { type: 'easter'; offsets: number[] }
  | { type: 'nth-weekday'; month: number; weekday: number; nth: number; days?: number }
  | { type: 'range'; from: MonthDay; to: MonthDay }
  | { type: 'every-n-years'; month: number; day: number; baseYear: number; every: number };

export interface HolidayCorrection extends Sourced {
  op: 'add' | 'remove';
  name: string;
  rule: HolidayRule;
  scope?: string;
  years?: { from?: number; to?: number };
}

export interface HolidayCountry {
  country: JurisdictionCode;
  weekend: Sourced & { days: number[]; text: string };
  library?: { country: string; types: string[] };
  verified?: Sourced & { text: string };
  corrections: HolidayCorrection[];
  gaps?: (Sourced & { text: string })[];
}

export interface HolidaysFile {
  version: string;
  researchAsOf?: string;
  library?: { name: 'date-holidays'; version: string };
  halfDayPolicy: Sourced & { policy: 'business-day' | 'holiday'; text: string };
  countries: HolidayCountry[];
  judicialVacations?: Sourced & { text: string };
}

// ---- the whole data set ------------------------------------------------------------------

export interface RulesData {
  jurisdictions: JurisdictionsFile;
  authorities: AuthoritiesFile;
  instruments: InstrumentsFile;
  holidays: HolidaysFile;
}

export interface DataProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export type ParseResult =
  | { ok: true; data: RulesData; problems: DataProblem[] }
  | { ok: false; problems: DataProblem[] };

// ---- draft (input) -----------------------------------------------------------------------




export interface ClockStop {
  from: string;
  to?: string;
  reason?: string;
}

/** A draft as the rules engine evaluates it: the one draft model plus the states and the date. */
export interface DraftRequest extends CaseDraft {
  requestingState: JurisdictionCode;
  requestedState: JurisdictionCode;
  kind: CaseKind;
  /** Date the request is made (instrument status is judged at it); defaults to `now`. */
  date?: string;
  offences: DraftOffence[];
  /** Instants of procedural events; deadlines triggered by them get a `dueAt`. */
  events?: Partial<Record<DeadlineTrigger, string>>;
  clockStops?: ClockStop[];
}

// ---- evaluation (output) -----------------------------------------------------------------

export type Applicability = 'applicable' | 'uncertain' | 'not-applicable';

export interface Reason {
  code: string;
  message: string;
  ruleId: string;
  source: string;
  article?: string;
  url?: string;
  confidence: Confidence;
}

export interface BasisCandidate {
  instrumentId: string;
  name: string;
  kind: InstrumentKind;
  rank: number;
  applicability: Applicability;
  status: InstrumentStatus | 'not-yet-in-force';
  reasons: Reason[];
  supplementedBy: string[];
  channel?: { mode: ChannelRule['mode']; text: string; ruleId: string; source: string; article?: string; url?: string; confidence: Confidence };
}

export interface MissingItem {
  field: string;
  problem: 'missing' | 'invalid';
  requirement: 'required' | 'recommended';
  reason: string;
  ruleId: string;
  source: string;
  article?: string;
  url?: string;
  confidence: Confidence;
  /** law: a treaty or statute asks for it; policy: a house template; input: the value is unusable. */
  nature: Nature;
  /**
   * Whether it stops submission: only what confirmed law makes mandatory, and unusable input.
   * Everything else is a checklist item.
   */
  blocking: boolean;
}

export interface Completeness {
  /** No blocking item is missing: the request may be submitted. */
  complete: boolean;
  missing: MissingItem[];
}

export type RiskSeverity = 'info' | 'low' | 'medium' | 'high';

export interface Risk {
  code: RefusalGroundCode | 'offence-list' | 'basis';
  severity: RiskSeverity;
  message: string;
  ruleId: string;
  source: string;
  article?: string;
  url?: string;
  confidence: Confidence;
  mitigation?: string;
}

export interface LanguageNeeds {
  required: string[];
  draftLanguage?: string;
  translationNeeded: boolean;
  rules: Reason[];
}

export interface DeadlineOutput {
  ruleId: string;
  step: string;
  trigger: DeadlineTrigger;
  /** Null when the period itself is not known (e.g. an illegible article). */
  days: number | null;
  months?: number;
  unit: 'calendar' | 'business';
  calendarCountry: JurisdictionCode;
  start: 'day-after-event' | 'next-business-day';
  text: string;
  dueDate?: IsoDate;
  dueAt?: string;
  overdue?: boolean;
  alerts?: { daysBefore: number; at: string }[];
  source: string;
  article?: string;
  url?: string;
  confidence: Confidence;
  /** law: a treaty or statute sets it; policy: a platform or authority setting (a target, not law). */
  nature: Exclude<Nature, 'input'>;
}

/** What a doubt could change for this request, most consequential first. */
export const WARNING_IMPACTS = ['basis', 'refusal', 'deadline', 'contents', 'translation', 'channel', 'context'] as const;
export type WarningImpact = (typeof WARNING_IMPACTS)[number];

/** A doubt: a law fact the answer depends on that is only secondary or unconfirmed. */
export interface Warning {
  ruleId: string;
  message: string;
  confidence: Exclude<Confidence, 'confirmed' | 'default'>;
  affects: WarningImpact;
  /** 1 = changes the most for this request. */
  rank: number;
  source?: string;
  article?: string;
  url?: string;
}

export const FINDING_TOPICS = ['basis', 'channel', 'contents', 'refusal-risk', 'language', 'deadline', 'note'] as const;
export type FindingTopic = (typeof FINDING_TOPICS)[number];

/** A finding of law: what a treaty, statute or constitution says for this request, with its source. */
export interface LegalFinding {
  ruleId: string;
  topic: FindingTopic;
  text: string;
  source: string;
  article?: string;
  url?: string;
  confidence: Exclude<Confidence, 'default'>;
}

/** A policy: a platform default or an authority's own setting. Never a legal warning, never a block. */
export interface PolicyItem {
  ruleId: string;
  topic: 'deadline' | 'alert' | 'contents';
  text: string;
  /** platform: the platform default; authority: the authority changed it. */
  setBy: 'platform' | 'authority';
  /** The authority whose policy it is (the requesting side's central authority), if configured. */
  authorityId: string | null;
  authorityName?: string;
  source: string;
}

export interface Evaluation {
  dataVersion: string;
  evaluatedAt: string;
  date: IsoDate;
  bases: BasisCandidate[];
  chosenBasis: BasisCandidate | null;
  completeness: Completeness;
  risks: Risk[];
  language: LanguageNeeds;
  deadlines: DeadlineOutput[];
  notes: Reason[];
  /** Law: every legal finding this answer uses, with article, source and confidence. */
  findings: LegalFinding[];
  /** Policy: the platform or authority settings this answer uses. */
  policies: PolicyItem[];
  /** Doubt: secondary or unconfirmed law the answer depends on, deduplicated, most consequential first. */
  warnings: Warning[];
}
