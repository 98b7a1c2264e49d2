import { commonActions, defineMachine, transmissionProblem, type CommonActionInput, type TransmissionDetails } from '../case/case-machine';
import { MLA_STAGES, type MlaStage } from '../case/case.types';
import { CENTRAL_AUTHORITY_REVIEW_BINDING, DRAFTING_ACTIONS, DRAFTING_HOLDERS, HOLDERS, type DraftingActionInput } from './drafting';

// Mutual legal assistance: the requesting side drafts and transmits; the requested side
// acknowledges, executes (asking for supplementary information as needed) and responds.

const OPEN_STAGES = MLA_STAGES.filter((stage) => stage !== 'closed');
const AFTER_TRANSMISSION: MlaStage[] = ['transmitted', 'acknowledged', 'under_execution'];

export type MlaActionInput =
  | DraftingActionInput
  | { action: 'transmit'; transmission?: TransmissionDetails; reason?: string }
  | { action: 'acknowledge'; reason?: string }
  | { action: 'begin_execution'; reason?: string }
  | { action: 'request_supplementary_information'; reason: string }
  | { action: 'answer_supplementary_information'; reason: string }
  | { action: 'record_partial_response'; reason?: string }
  | { action: 'record_final_response'; result: 'executed' | 'partially_executed'; reason?: string }
  | { action: 'refuse'; reason: string }
  | { action: 'close'; reason?: string }
  | { action: 'withdraw'; reason: string }
  | CommonActionInput;

export const MLA_MACHINE = defineMachine<MlaActionInput>({
  kind: 'mla',
  workflowType: 'mlaRequestWorkflow',
  stages: MLA_STAGES,
  actions: {
    ...DRAFTING_ACTIONS,
    transmit: {
      from: ['ready_to_transmit'],
      roles: ['central_authority'],
      side: 'requesting',
      shared: true,
      // Optional for MLA: requests transmitted before the details were kept carry none.
      check: (a) => transmissionProblem(a.transmission, false),
      to: 'transmitted',
      effect: (ctx, a) => {
        const s = ctx.snapshot;
        if (!a.transmission) return { details: { channel: s.channel, basisId: s.basisId } };
        return {
          details: { channel: s.channel, basisId: s.basisId, transmission: a.transmission },
          changes: { facts: { ...s.facts, transmission: a.transmission } },
        };
      },
    },
    acknowledge: { from: ['transmitted'], roles: ['central_authority'], side: 'requested', shared: true, to: 'acknowledged' },
    begin_execution: { from: ['acknowledged'], roles: ['central_authority'], side: 'requested', to: 'under_execution' },
    request_supplementary_information: {
      from: ['acknowledged', 'under_execution'],
      roles: ['central_authority'],
      side: 'requested',
      shared: true,
      requires: ['reason'],
      to: 'supplementary_information',
      effect: (ctx) => {
        const round = ctx.snapshot.supplementaryRounds + 1;
        return { details: { round }, changes: { supplementaryRounds: round } };
      },
    },
    answer_supplementary_information: {
      from: ['supplementary_information'],
      roles: ['prosecutor'],
      side: 'requesting',
      shared: true,
      requires: ['reason'],
      to: 'under_execution',
      effect: (ctx) => ({ details: { round: ctx.snapshot.supplementaryRounds } }),
    },
    record_partial_response: {
      from: ['under_execution'],
      roles: ['central_authority'],
      side: 'requested',
      shared: true,
      to: 'under_execution',
      effect: (ctx) => {
        const partial = ctx.snapshot.partialResponses + 1;
        return { details: { partial }, changes: { partialResponses: partial } };
      },
    },
    record_final_response: {
      from: ['under_execution'],
      roles: ['central_authority'],
      side: 'requested',
      shared: true,
      requires: ['result'],
      check: (a) => (['executed', 'partially_executed'].includes(a.result) ? null : 'result must be executed or partially_executed'),
      to: 'responded',
      effect: (_ctx, a) => ({ details: { result: a.result }, changes: { finalResult: a.result } }),
    },
    refuse: {
      from: ['acknowledged', 'under_execution', 'supplementary_information'],
      roles: ['central_authority'],
      side: 'requested',
      shared: true,
      requires: ['reason'],
      to: 'closed',
      outcome: 'refused',
    },
    close: {
      from: ['responded'],
      roles: ['prosecutor', 'central_authority'],
      side: 'requesting',
      shared: true,
      to: 'closed',
      outcome: (ctx) => ctx.snapshot.finalResult ?? 'executed',
    },
    withdraw: {
      from: OPEN_STAGES,
      roles: ['prosecutor', 'central_authority'],
      side: 'requesting',
      shared: true,
      requires: ['reason'],
      to: 'closed',
      outcome: 'withdrawn',
    },
    ...commonActions(OPEN_STAGES, [...AFTER_TRANSMISSION, 'supplementary_information', 'responded']),
  },
  holders: {
    ...DRAFTING_HOLDERS,
    transmitted: HOLDERS.requestedCentral,
    acknowledged: HOLDERS.requestedCentral,
    under_execution: HOLDERS.requestedCentral,
    supplementary_information: HOLDERS.prosecutor,
    responded: HOLDERS.prosecutor,
  },
  deadlines: {
    'central-authority-review': CENTRAL_AUTHORITY_REVIEW_BINDING,
    'acknowledgement-escalation': {
      activeInStages: ['transmitted'],
      pausedInStages: [],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
    'execution-target': {
      activeInStages: AFTER_TRANSMISSION,
      pausedInStages: ['supplementary_information'],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
    'supplementary-information': {
      activeInStages: ['supplementary_information'],
      pausedInStages: [],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
    'supplementary-information-lapse': {
      activeInStages: ['supplementary_information'],
      pausedInStages: [],
      // The requesting side never answered: the request lapses and the case closes.
      breach: { effect: 'transition', toStage: 'closed', action: 'lapse', outcome: 'lapsed', label: 'lapse' },
      visibility: 'shared',
    },
  },
  triggers: {
    central_authority_review: ['request-submitted'],
    transmitted: ['request-transmitted'],
    supplementary_information: ['supplementary-information-requested'],
  },
});
