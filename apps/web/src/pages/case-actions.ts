import type { Action } from '../api/client';

// What each action asks of the user before it is sent. The API decides which actions are offered
// (allowedActions); this only shapes the inline form of each.
export interface ActionForm {
  /** A reason (or grounds, questions, answer, details) is required / optional / not asked. */
  reason: 'required' | 'optional' | 'none';
  /** record_final_response: executed or partially executed. */
  result?: boolean;
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
  transmit: { reason: 'optional' },
  acknowledge: { reason: 'none' },
  begin_execution: { reason: 'none' },
  request_supplementary_information: { reason: 'required' },
  answer_supplementary_information: { reason: 'required' },
  record_partial_response: { reason: 'optional' },
  record_final_response: { reason: 'optional', result: true },
  refuse: { reason: 'required', danger: true },
  close: { reason: 'none' },
  withdraw: { reason: 'required', danger: true },
};

/** The primary action of a stage comes first; destructive ones last. */
export function orderActions(actions: Action[]): Action[] {
  const rank = (a: Action) => (ACTION_FORMS[a]?.danger ? 2 : a === 'withdraw' ? 3 : 0);
  return actions.filter((a) => a in ACTION_FORMS).sort((a, b) => rank(a) - rank(b));
}
