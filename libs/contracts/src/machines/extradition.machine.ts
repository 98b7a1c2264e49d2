import {
  commonActions,
  defineMachine,
  transmissionProblem,
  type ActionContext,
  type CommonActionInput,
  type TransmissionDetails,
} from '../case/case-machine';
import { PERSON_CUSTODY_STATUSES as CUSTODY_STATUSES, REQUEST_TYPES as EXTRADITION_REQUEST_TYPES, type CaseDraft } from '../case/case-draft';
import { DRAFTING_ACTIONS, DRAFTING_HOLDERS, DRAFTING_STAGES, HOLDERS, type DraftingActionInput } from './drafting';

// Extradition: drafted and cleared in the requesting state as MLA is; then provisional arrest
// and its formal-request window, the formal request, the requested state's judicial phase
// (which differs per state, see JUDICIAL_PHASE), the executive decision where there is one,
// appeals and amparo, the surrender window, surrender and specialty monitoring.
// Sources: docs/domain/legal-research.md §4.4, §4.5, §4.6, §5.2, §11.5.

export const APPEAL_REMEDIES = ['amparo', 'habeas_corpus', 'appeal'] as const;

const JUDICIAL_STAGES = ['objections', 'objection_evidence', 'extradition_hearing', 'court_hearing', 'supreme_court_review'] as const;

export const EXTRADITION_STAGES = [
  ...DRAFTING_STAGES,
  'provisional_arrest_requested',
  'awaiting_formal_request',
  'release_decision',
  'released_pending_request',
  'formal_request_received',
  ...JUDICIAL_STAGES,
  'executive_decision',
  'amparo_window',
  'appeal_pending',
  'surrender_pending',
  'surrender_deferred',
  'temporarily_surrendered',
  'specialty_monitoring',
  'closed',
] as const;
export type ExtraditionStage = (typeof EXTRADITION_STAGES)[number];

/**
 * The judicial phase of each requested state: where admission leads, and where a grant by the
 * court (or the executive) leads. MX: district judge (LEI arts. 25–29), SRE decides (art. 30),
 * 15 days for amparo (art. 33). US: hearing and certification (18 U.S.C. § 3184), Secretary of
 * State decides (§ 3186). GT: sentencing court (Decreto 28-2008), amparo (Const. art. 265).
 * SV: Corte Plena, no executive phase (Const. art. 182.3). HN: Supreme Court (2013 instrument).
 */
export const JUDICIAL_PHASE: Record<string, { entry: ExtraditionStage; executive: boolean; amparoWindow: boolean }> = {
  MX: { entry: 'objections', executive: true, amparoWindow: true },
  US: { entry: 'extradition_hearing', executive: true, amparoWindow: false },
  GT: { entry: 'court_hearing', executive: false, amparoWindow: false },
  SV: { entry: 'supreme_court_review', executive: false, amparoWindow: false },
  HN: { entry: 'supreme_court_review', executive: false, amparoWindow: false },
};
const phaseOf = (ctx: ActionContext) => JUDICIAL_PHASE[ctx.requestedState] ?? JUDICIAL_PHASE.HN;

const OPEN = EXTRADITION_STAGES.filter((s) => s !== 'closed');
const TRANSMITTED = OPEN.filter((s) => !(DRAFTING_STAGES as readonly string[]).includes(s));
const AWAITING_FORMAL = ['awaiting_formal_request', 'release_decision', 'released_pending_request'] as const;
const APPEALABLE = [...JUDICIAL_STAGES, 'executive_decision', 'amparo_window', 'surrender_pending'] as const;
const CUSTODY_CLOCKS_STOP = ['appeal_pending', 'surrender_deferred', 'temporarily_surrendered'] as const;

const isInstant = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const instantProblem = (field: string, v: unknown) => (isInstant(v) ? null : `${field} must be an ISO 8601 instant`);

export type ExtraditionActionInput =
  | DraftingActionInput
  | { action: 'transmit'; transmission: TransmissionDetails; reason?: string }
  | { action: 'record_arrest'; arrestedAt: string; place: string; reason?: string }
  | { action: 'transmit_formal_request'; transmission: TransmissionDetails; reason?: string }
  | { action: 'record_release'; reason: string }
  | { action: 'admit_request'; reason?: string }
  | { action: 'record_objections'; reason: string }
  | { action: 'record_judge_opinion'; opinion: 'favourable' | 'unfavourable'; reason?: string }
  | { action: 'certify'; reason?: string }
  | { action: 'grant'; reason?: string }
  | { action: 'refuse'; grounds: string[]; reason: string; domesticProsecution?: boolean }
  | { action: 'file_appeal'; remedy: (typeof APPEAL_REMEDIES)[number]; reason?: string }
  | { action: 'resolve_appeal'; result: 'dismissed' | 'upheld'; reason: string }
  | { action: 'record_consent'; reason?: string }
  | { action: 'defer_surrender'; reason: string }
  | { action: 'resume_surrender'; reason?: string }
  | { action: 'temporary_surrender'; returnDueAt: string; reason?: string }
  | { action: 'record_return'; reason?: string }
  | { action: 'record_surrender'; surrenderedAt: string; place: string; escorts: string[]; reason?: string }
  | { action: 'close'; reason?: string }
  | { action: 'withdraw'; reason: string }
  | { action: 'record_death'; reason: string }
  | CommonActionInput;

const CENTRAL_AUTHORITY = ['central_authority'] as const;

export const EXTRADITION_MACHINE = defineMachine<ExtraditionActionInput>({
  kind: 'extradition',
  workflowType: 'caseWorkflow',
  stages: EXTRADITION_STAGES,
  actions: {
    ...DRAFTING_ACTIONS,
    transmit: {
      from: ['ready_to_transmit'],
      roles: CENTRAL_AUTHORITY,
      side: 'requesting',
      shared: true,
      requires: ['transmission'],
      check: (a) => transmissionProblem(a.transmission, true),
      // A formal request goes straight to admission; otherwise the person is first arrested.
      to: (ctx) => (ctx.snapshot.draft.requestType === 'formal' ? 'formal_request_received' : 'provisional_arrest_requested'),
      effect: (ctx, a) => ({
        details: { channel: ctx.snapshot.channel, basisId: ctx.snapshot.basisId, transmission: a.transmission, requestType: ctx.snapshot.draft.requestType },
        changes: { facts: { ...ctx.snapshot.facts, transmission: a.transmission } },
      }),
    },
    record_arrest: {
      from: ['provisional_arrest_requested'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['arrestedAt', 'place'],
      check: (a) => instantProblem('arrestedAt', a.arrestedAt),
      to: 'awaiting_formal_request',
      // The formal-request window runs from the arrest (CPEUM art. 119: from when the measure is carried out).
      effect: (ctx, a) => ({
        details: { arrestedAt: a.arrestedAt, place: a.place },
        changes: { facts: { ...ctx.snapshot.facts, arrest: { arrestedAt: a.arrestedAt, place: a.place } } },
        events: { 'provisional-arrest': a.arrestedAt, 'provisional-arrest-notified': a.arrestedAt },
      }),
    },
    transmit_formal_request: {
      // A formal request that arrives after the window closed remains possible (7 FAM 1621.1).
      from: AWAITING_FORMAL,
      roles: CENTRAL_AUTHORITY,
      side: 'requesting',
      shared: true,
      requires: ['transmission'],
      check: (a) => transmissionProblem(a.transmission, true),
      to: 'formal_request_received',
      effect: (ctx, a) => ({
        details: { formalRequest: a.transmission, late: ctx.snapshot.stage !== 'awaiting_formal_request' },
        changes: { facts: { ...ctx.snapshot.facts, formalRequest: a.transmission } },
      }),
    },
    record_release: {
      from: ['release_decision'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['reason'],
      to: 'released_pending_request',
    },
    admit_request: {
      from: ['formal_request_received'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      to: (ctx) => phaseOf(ctx).entry,
    },
    record_objections: {
      from: ['objections'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['reason'],
      to: 'objection_evidence',
    },
    record_judge_opinion: {
      from: ['objections', 'objection_evidence'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['opinion'],
      check: (a) => (['favourable', 'unfavourable'].includes(a.opinion) ? null : 'opinion must be favourable or unfavourable'),
      to: 'executive_decision',
      effect: (_ctx, a) => ({ details: { opinion: a.opinion } }),
    },
    certify: { from: ['extradition_hearing'], roles: CENTRAL_AUTHORITY, side: 'requested', shared: true, to: 'executive_decision' },
    grant: {
      from: ['executive_decision', 'court_hearing', 'supreme_court_review'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      to: (ctx) => (phaseOf(ctx).amparoWindow ? 'amparo_window' : 'surrender_pending'),
    },
    refuse: {
      from: [...JUDICIAL_STAGES, 'formal_request_received', 'executive_decision', 'appeal_pending'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['grounds', 'reason'],
      check: (a, ctx) => {
        if (!Array.isArray(a.grounds) || a.grounds.length === 0 || a.grounds.some((g) => typeof g !== 'string' || !g.trim())) {
          return 'grounds must list at least one ground of refusal';
        }
        // Domestic prosecution instead of surrender: Mexican Federal Penal Code art. 4, LEI art. 32.
        if (a.domesticProsecution && ctx.requestedState !== 'MX') return 'domesticProsecution opens an art. 4 case: requested state MX only';
        return null;
      },
      to: 'closed',
      outcome: 'refused',
      effect: (_ctx, a) => ({ details: { grounds: a.grounds, ...(a.domesticProsecution ? { domesticProsecution: true } : {}) } }),
      kernel: 'open-linked-case',
    },
    file_appeal: {
      from: APPEALABLE,
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['remedy'],
      check: (a) => (APPEAL_REMEDIES.includes(a.remedy) ? null : `remedy must be one of ${APPEAL_REMEDIES.join(', ')}`),
      to: 'appeal_pending',
      // An amparo against the grant, once dismissed, leads to surrender (LEI art. 33).
      effect: (ctx, a) => ({
        details: { remedy: a.remedy },
        changes: {
          facts: { ...ctx.snapshot.facts, resumeStage: ctx.snapshot.stage === 'amparo_window' ? 'surrender_pending' : ctx.snapshot.stage },
        },
      }),
    },
    resolve_appeal: {
      from: ['appeal_pending'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['result', 'reason'],
      check: (a) => (['dismissed', 'upheld'].includes(a.result) ? null : 'result must be dismissed or upheld'),
      // Upheld: the challenge succeeds and extradition is refused on its grounds.
      to: (ctx, a) => (a.result === 'upheld' ? 'closed' : String(ctx.snapshot.facts?.resumeStage ?? 'surrender_pending')),
      outcome: 'refused',
      effect: (_ctx, a) => ({ details: { result: a.result, ...(a.result === 'upheld' ? { grounds: [a.reason] } : {}) } }),
    },
    record_consent: {
      // Simplified extradition (GT allanamiento, consent elsewhere): the person waives the procedure.
      from: ['provisional_arrest_requested', ...AWAITING_FORMAL, 'formal_request_received', ...JUDICIAL_STAGES],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      to: 'surrender_pending',
      effect: () => ({ details: { simplified: true } }),
    },
    defer_surrender: {
      // Deferred while the person is tried or serves a sentence locally (Montevideo art. 6).
      from: ['surrender_pending'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['reason'],
      to: 'surrender_deferred',
    },
    resume_surrender: { from: ['surrender_deferred'], roles: CENTRAL_AUTHORITY, side: 'requested', shared: true, to: 'surrender_pending' },
    temporary_surrender: {
      from: ['surrender_deferred'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['returnDueAt'],
      check: (a, ctx) => {
        const pair = [ctx.requestingState, ctx.requestedState].sort().join('-');
        // US–MX Extradition Treaty Art. 15(2)–(3), added by the 1997 Protocol.
        if (pair !== 'MX-US') return 'temporary surrender exists between MX and US only (1997 Protocol)';
        return instantProblem('returnDueAt', a.returnDueAt);
      },
      to: 'temporarily_surrendered',
      effect: (_ctx, a) => ({ details: { returnDueAt: a.returnDueAt }, events: { 'temporary-surrender-agreed': a.returnDueAt } }),
    },
    record_return: { from: ['temporarily_surrendered'], roles: CENTRAL_AUTHORITY, side: 'requested', shared: true, to: 'surrender_deferred' },
    record_surrender: {
      from: ['surrender_pending'],
      roles: CENTRAL_AUTHORITY,
      side: 'requested',
      shared: true,
      requires: ['surrenderedAt', 'place', 'escorts'],
      check: (a) =>
        instantProblem('surrenderedAt', a.surrenderedAt) ??
        (Array.isArray(a.escorts) && a.escorts.length > 0 && a.escorts.every((e) => typeof e === 'string' && e.trim())
          ? null
          : 'escorts must name at least one escort'),
      to: 'specialty_monitoring',
      effect: (ctx, a) => {
        const surrender = { surrenderedAt: a.surrenderedAt, place: a.place, escorts: a.escorts };
        return { details: surrender, changes: { facts: { ...ctx.snapshot.facts, surrender } } };
      },
    },
    close: {
      // Specialty monitored until the requesting side closes the case.
      from: ['specialty_monitoring'],
      roles: ['prosecutor', 'central_authority'],
      side: 'requesting',
      shared: true,
      to: 'closed',
      outcome: 'surrendered',
    },
    withdraw: { from: OPEN, roles: ['prosecutor', 'central_authority'], side: 'requesting', shared: true, requires: ['reason'], to: 'closed', outcome: 'withdrawn' },
    record_death: {
      from: TRANSMITTED,
      roles: ['central_authority'],
      side: 'either',
      shared: true,
      requires: ['reason'],
      to: 'closed',
      outcome: 'person_deceased',
    },
    ...commonActions(OPEN, TRANSMITTED),
  },
  holders: {
    ...DRAFTING_HOLDERS,
    provisional_arrest_requested: HOLDERS.requestedCentral,
    awaiting_formal_request: HOLDERS.requestingCentral,
    release_decision: HOLDERS.requestedCentral,
    released_pending_request: HOLDERS.requestingCentral,
    formal_request_received: HOLDERS.requestedCentral,
    objections: HOLDERS.requestedCentral,
    objection_evidence: HOLDERS.requestedCentral,
    extradition_hearing: HOLDERS.requestedCentral,
    court_hearing: HOLDERS.requestedCentral,
    supreme_court_review: HOLDERS.requestedCentral,
    executive_decision: HOLDERS.requestedCentral,
    amparo_window: HOLDERS.requestedCentral,
    appeal_pending: HOLDERS.requestedCentral,
    surrender_pending: HOLDERS.requestingCentral,
    surrender_deferred: HOLDERS.requestedCentral,
    temporarily_surrendered: HOLDERS.requestingCentral,
    specialty_monitoring: HOLDERS.requestingCentral,
  },
  deadlines: {
    'formal-request': {
      activeInStages: ['awaiting_formal_request'],
      pausedInStages: [],
      // The case does not close: the lapse is recorded and the requested side decides on release.
      breach: { effect: 'prompt-decision', toStage: 'release_decision', action: 'formal_request_window_lapsed' },
      visibility: 'shared',
      alertBothSides: true,
    },
    objections: {
      activeInStages: ['objections'],
      pausedInStages: ['appeal_pending'],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
    'objection-evidence': {
      activeInStages: ['objection_evidence'],
      pausedInStages: ['appeal_pending'],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
    'executive-decision': {
      activeInStages: ['executive_decision'],
      pausedInStages: ['appeal_pending'],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
    'amparo-window': {
      activeInStages: ['amparo_window'],
      pausedInStages: [],
      // No amparo filed in time: the SRE orders surrender (LEI art. 33).
      breach: { effect: 'transition', toStage: 'surrender_pending', action: 'amparo_window_closed', label: 'transition' },
      visibility: 'shared',
    },
    surrender: {
      activeInStages: ['surrender_pending'],
      pausedInStages: CUSTODY_CLOCKS_STOP,
      breach: { effect: 'escalate' },
      visibility: 'shared',
      alertBothSides: true,
    },
    'temporary-surrender-return': {
      activeInStages: ['temporarily_surrendered'],
      pausedInStages: [],
      breach: { effect: 'escalate' },
      visibility: 'shared',
      alertBothSides: true,
    },
  },
  triggers: {
    awaiting_formal_request: ['provisional-arrest', 'provisional-arrest-notified'],
    objections: ['preliminary-hearing'],
    objection_evidence: ['objections-filed'],
    executive_decision: ['judge-opinion-delivered'],
    amparo_window: ['extradition-granted'],
    // Rules count the surrender window from committal (US), the final decision (MX–GT) or the
    // person being placed at the requesting state's disposal (Montevideo, LEI art. 35): here, the
    // moment the case reaches surrender.
    surrender_pending: ['placed-at-disposal', 'decision-final', 'committal'],
    temporarily_surrendered: ['temporary-surrender-agreed'],
  },
  completeness: (draft: CaseDraft) => {
    const missing: { field: string; reason: string }[] = [];
    if (!draft.requestType) missing.push({ field: 'requestType', reason: `one of ${EXTRADITION_REQUEST_TYPES.join(', ')}` });
    if (!draft.personSought?.nationalities?.length) missing.push({ field: 'personSought.nationalities', reason: 'nationality drives the nationals rules' });
    if (!draft.personSought?.custodyStatus) missing.push({ field: 'personSought.custodyStatus', reason: `one of ${CUSTODY_STATUSES.join(', ')}` });
    return missing;
  },
});
