import type { Action, Schemas } from '../api/client';

// What each action asks of the user before it is sent. The API decides which actions are offered
// (allowedActions); this only shapes the inline form of each, for every kind of case.

export type ActionBody = Schemas['ActionDto'];

/** The typed inputs an action's form may ask for, besides the reason. */
export type ActionInput =
  | 'result'
  | 'transmission'
  | 'transmissionReceipt'
  | 'arrestedAt'
  | 'place'
  | 'opinion'
  | 'grounds'
  | 'domesticProsecution'
  | 'remedy'
  | 'appealResult'
  | 'returnDueAt'
  | 'surrenderedAt'
  | 'escorts'
  | 'link';

export interface ActionForm {
  /** A reason (or grounds, questions, answer, details) is required / optional / not asked. */
  reason: 'required' | 'optional' | 'none';
  /** The other inputs, in the order shown. */
  inputs?: ActionInput[];
  /** Destructive: shown in red. */
  danger?: boolean;
}

export const ACTION_FORMS: Partial<Record<Action, ActionForm>> = {
  submit: { reason: 'none' },
  internal_approve: { reason: 'none' },
  internal_return: { reason: 'required' },
  approve: { reason: 'none' },
  return: { reason: 'required' },
  reject: { reason: 'required', danger: true },
  record_translation: { reason: 'optional' },
  // Optional for MLA, required (the channel at least) for extradition: the API says which.
  transmit: { reason: 'optional', inputs: ['transmission'] },
  acknowledge: { reason: 'none' },
  begin_execution: { reason: 'none' },
  request_supplementary_information: { reason: 'required' },
  answer_supplementary_information: { reason: 'required' },
  record_partial_response: { reason: 'optional' },
  record_final_response: { reason: 'optional', inputs: ['result'] },
  refuse: { reason: 'required', danger: true },
  close: { reason: 'none' },
  withdraw: { reason: 'required', danger: true },
  record_transmission_details: { reason: 'none', inputs: ['transmissionReceipt'] },
  link_case: { reason: 'none', inputs: ['link'] },
  // Extradition
  record_arrest: { reason: 'optional', inputs: ['arrestedAt', 'place'] },
  transmit_formal_request: { reason: 'optional', inputs: ['transmission'] },
  record_release: { reason: 'required' },
  admit_request: { reason: 'none' },
  record_objections: { reason: 'required' },
  record_judge_opinion: { reason: 'optional', inputs: ['opinion'] },
  certify: { reason: 'optional' },
  grant: { reason: 'optional' },
  file_appeal: { reason: 'optional', inputs: ['remedy'] },
  resolve_appeal: { reason: 'required', inputs: ['appealResult'] },
  record_consent: { reason: 'optional' },
  defer_surrender: { reason: 'required' },
  resume_surrender: { reason: 'optional' },
  temporary_surrender: { reason: 'optional', inputs: ['returnDueAt'] },
  record_return: { reason: 'optional' },
  record_surrender: { reason: 'optional', inputs: ['surrenderedAt', 'place', 'escorts'] },
  record_death: { reason: 'required', danger: true },
  // Request to prosecute in Mexico (art. 4)
  open_prosecution: { reason: 'optional' },
  decline: { reason: 'required', danger: true },
  record_judgment: { reason: 'required' },
};

/** An extradition's refusal names its grounds (and may open an art. 4 case); an MLA refusal is a reason. */
export function formFor(action: Action, kind: string): ActionForm | undefined {
  if (action === 'refuse' && kind === 'extradition') {
    return { reason: 'required', inputs: ['grounds', 'domesticProsecution'], danger: true };
  }
  return ACTION_FORMS[action];
}

/** Whether the action opens a form, or is sent at once. */
export function asksForInput(form: ActionForm | undefined): boolean {
  return !!form && (form.reason !== 'none' || !!form.inputs?.length);
}

/** The primary action of a stage comes first; linking another case after the stage's own; destructive ones last. */
export function orderActions(actions: Action[]): Action[] {
  const rank = (a: Action) =>
    ACTION_FORMS[a]?.danger ? 2 : a === 'withdraw' ? 3 : a === 'link_case' ? 1 : 0;
  return actions.filter((a) => a in ACTION_FORMS).sort((a, b) => rank(a) - rank(b));
}

/** The values of an action form as the user typed them. */
export interface ActionValues {
  reason: string;
  result: 'executed' | 'partially_executed';
  channel: string;
  referenceNumber: string;
  sentAt: string;
  receivedAt: string;
  counterpartReference: string;
  arrestedAt: string;
  place: string;
  opinion: 'favourable' | 'unfavourable';
  grounds: string;
  domesticProsecution: boolean;
  remedy: 'amparo' | 'habeas_corpus' | 'appeal';
  appealResult: 'dismissed' | 'upheld';
  returnDueAt: string;
  surrenderedAt: string;
  escorts: string;
  /** The other case as typed: its reference (offered from the cases the user may see) or its id. */
  linkCase: string;
  /** The id of the visible case whose reference is typed, if one is. */
  linkCaseId: string;
  linkRelation: LinkRelation;
}

export type LinkRelation = Schemas['LinkDto']['relation'];

export const EMPTY_VALUES: ActionValues = {
  reason: '',
  result: 'executed',
  channel: '',
  referenceNumber: '',
  sentAt: '',
  receivedAt: '',
  counterpartReference: '',
  arrestedAt: '',
  place: '',
  opinion: 'favourable',
  grounds: '',
  domesticProsecution: false,
  remedy: 'amparo',
  appealResult: 'dismissed',
  returnDueAt: '',
  surrenderedAt: '',
  escorts: '',
  linkCase: '',
  linkCaseId: '',
  linkRelation: 'same_investigation',
};

/** A browser's datetime-local value ("2026-12-03T06:40", local time) as an ISO instant. */
export function localToInstant(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const text = (value: string) => value.trim() || undefined;

/** The body of an action from its form: what the user left empty is not sent (the API names what is missing). */
export function actionBody(form: ActionForm | undefined, v: ActionValues): ActionBody {
  const inputs = new Set(form?.inputs ?? []);
  const body: ActionBody = {};
  if (form?.reason !== 'none' && v.reason.trim()) body.reason = v.reason.trim();
  if (inputs.has('result')) body.result = v.result;
  if (inputs.has('appealResult')) body.result = v.appealResult;
  if (inputs.has('transmission') || inputs.has('transmissionReceipt')) {
    const transmission = Object.fromEntries(
      Object.entries({
        channel: inputs.has('transmission') ? text(v.channel) : undefined,
        referenceNumber: inputs.has('transmission') ? text(v.referenceNumber) : undefined,
        sentAt: inputs.has('transmission') ? localToInstant(v.sentAt) : undefined,
        receivedAt: inputs.has('transmissionReceipt') ? localToInstant(v.receivedAt) : undefined,
        counterpartReference: inputs.has('transmissionReceipt') ? text(v.counterpartReference) : undefined,
      }).filter(([, value]) => value !== undefined),
    ) as NonNullable<ActionBody['transmission']>;
    if (Object.keys(transmission).length) body.transmission = transmission;
  }
  if (inputs.has('arrestedAt')) body.arrestedAt = localToInstant(v.arrestedAt);
  if (inputs.has('place')) body.place = text(v.place);
  if (inputs.has('opinion')) body.opinion = v.opinion;
  if (inputs.has('grounds')) body.grounds = lines(v.grounds).length ? lines(v.grounds) : undefined;
  if (inputs.has('domesticProsecution') && v.domesticProsecution) body.domesticProsecution = true;
  if (inputs.has('remedy')) body.remedy = v.remedy;
  if (inputs.has('returnDueAt')) body.returnDueAt = localToInstant(v.returnDueAt);
  if (inputs.has('surrenderedAt')) body.surrenderedAt = localToInstant(v.surrenderedAt);
  if (inputs.has('link')) {
    // An id pasted rather than a reference chosen goes as typed: the API says if it is no case one may see.
    const caseId = v.linkCaseId || text(v.linkCase);
    body.link = caseId ? { caseId, relation: v.linkRelation } : undefined;
  }
  if (inputs.has('escorts')) body.escorts = lines(v.escorts).length ? lines(v.escorts) : undefined;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as ActionBody;
}
