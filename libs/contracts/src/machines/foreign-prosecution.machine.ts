import { commonActions, defineMachine, transmissionProblem, type CommonActionInput, type TransmissionDetails } from '../case/case-machine';
import { DRAFTING_ACTIONS, DRAFTING_HOLDERS, DRAFTING_STAGES, HOLDERS, type DraftingActionInput } from './drafting';

// A request that Mexico prosecute at home instead of extraditing (Mexican Federal Penal Code
// art. 4; LEI art. 32 when extradition of a Mexican was refused): the requesting state drafts and
// transmits; the FGR reviews, prosecutes or declines. Opened by hand, or by the kernel on such a
// refusal, linked to the extradition. Its rules data: the review default in instruments.json.

export const FOREIGN_PROSECUTION_STAGES = [...DRAFTING_STAGES, 'transmitted', 'under_review', 'prosecuting', 'closed'] as const;
const OPEN = FOREIGN_PROSECUTION_STAGES.filter((s) => s !== 'closed');

export type ForeignProsecutionActionInput =
  | DraftingActionInput
  | { action: 'transmit'; transmission: TransmissionDetails; reason?: string }
  | { action: 'acknowledge'; reason?: string }
  | { action: 'open_prosecution'; reason?: string }
  | { action: 'decline'; reason: string }
  | { action: 'record_judgment'; reason: string }
  | { action: 'withdraw'; reason: string }
  | CommonActionInput;

export const FOREIGN_PROSECUTION_MACHINE = defineMachine<ForeignProsecutionActionInput>({
  kind: 'foreign_prosecution',
  workflowType: 'caseWorkflow',
  stages: FOREIGN_PROSECUTION_STAGES,
  requestedStates: ['MX'],
  actions: {
    ...DRAFTING_ACTIONS,
    // No treaty basis to evaluate: the request rests on Mexican law itself.
    submit: { ...DRAFTING_ACTIONS.submit, kernel: undefined },
    transmit: {
      from: ['ready_to_transmit'],
      roles: ['central_authority'],
      side: 'requesting',
      shared: true,
      requires: ['transmission'],
      check: (a) => transmissionProblem(a.transmission, true),
      to: 'transmitted',
      effect: (ctx, a) => ({ details: { transmission: a.transmission }, changes: { facts: { ...ctx.snapshot.facts, transmission: a.transmission } } }),
    },
    acknowledge: { from: ['transmitted'], roles: ['central_authority'], side: 'requested', shared: true, to: 'under_review' },
    open_prosecution: { from: ['under_review'], roles: ['central_authority'], side: 'requested', shared: true, to: 'prosecuting' },
    decline: { from: ['under_review'], roles: ['central_authority'], side: 'requested', shared: true, requires: ['reason'], to: 'closed', outcome: 'declined' },
    record_judgment: { from: ['prosecuting'], roles: ['central_authority'], side: 'requested', shared: true, requires: ['reason'], to: 'closed', outcome: 'prosecuted' },
    withdraw: { from: OPEN, roles: ['prosecutor', 'central_authority'], side: 'requesting', shared: true, requires: ['reason'], to: 'closed', outcome: 'withdrawn' },
    ...commonActions(OPEN, ['transmitted', 'under_review', 'prosecuting']),
  },
  holders: {
    ...DRAFTING_HOLDERS,
    transmitted: HOLDERS.requestedCentral,
    under_review: HOLDERS.requestedCentral,
    prosecuting: HOLDERS.requestedCentral,
  },
  deadlines: {
    'prosecution-decision': {
      activeInStages: ['transmitted', 'under_review'],
      pausedInStages: [],
      breach: { effect: 'escalate' },
      visibility: 'shared',
    },
  },
  triggers: { transmitted: ['request-transmitted'] },
});
