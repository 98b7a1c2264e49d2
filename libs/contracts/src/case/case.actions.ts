import { MLA_STAGES, type Actor, type MlaDraft, type MlaStage, type Role, type Side, type Visibility } from './case.types';

export const MLA_ACTIONS = [
  'edit_draft',
  'submit',
  'internal_approve',
  'internal_return',
  'approve',
  'return',
  'reject',
  'record_translation',
  'transmit',
  'acknowledge',
  'begin_execution',
  'request_supplementary_information',
  'answer_supplementary_information',
  'record_partial_response',
  'record_final_response',
  'refuse',
  'close',
  'withdraw',
  'extend_deadline',
] as const;
/** A human action on an MLA request. */
export type MlaAction = (typeof MLA_ACTIONS)[number];

const OPEN_STAGES: MlaStage[] = MLA_STAGES.filter((stage) => stage !== 'closed');

export type ActionField = 'reason' | 'draft' | 'result' | 'deadlineKey' | 'newDueAt';

/** Who may take an action, in which stages, what it must carry, and whether the other side sees it. */
export interface ActionRule {
  from: readonly MlaStage[];
  roles: readonly Role[];
  side: Side | 'either';
  requires: readonly ActionField[];
  /** True when the entry is shared with the other state; otherwise it stays on the actor's side. */
  shared?: boolean;
}

export const MLA_ACTION_RULES: Record<MlaAction, ActionRule> = {
  edit_draft: { from: ['draft'], roles: ['prosecutor'], side: 'requesting', requires: ['draft'] },
  submit: { from: ['draft'], roles: ['prosecutor'], side: 'requesting', requires: [] },
  internal_approve: { from: ['internal_review'], roles: ['supervisor'], side: 'requesting', requires: [] },
  internal_return: { from: ['internal_review'], roles: ['supervisor'], side: 'requesting', requires: ['reason'] },
  approve: { from: ['central_authority_review'], roles: ['central_authority'], side: 'requesting', requires: [] },
  return: { from: ['central_authority_review'], roles: ['central_authority'], side: 'requesting', requires: ['reason'] },
  reject: { from: ['central_authority_review'], roles: ['central_authority'], side: 'requesting', requires: ['reason'] },
  record_translation: { from: ['translation'], roles: ['central_authority'], side: 'requesting', requires: [] },
  transmit: { from: ['ready_to_transmit'], roles: ['central_authority'], side: 'requesting', requires: [], shared: true },
  acknowledge: { from: ['transmitted'], roles: ['central_authority'], side: 'requested', requires: [], shared: true },
  begin_execution: { from: ['acknowledged'], roles: ['central_authority'], side: 'requested', requires: [] },
  request_supplementary_information: {
    from: ['acknowledged', 'under_execution'],
    roles: ['central_authority'],
    side: 'requested',
    requires: ['reason'],
    shared: true,
  },
  answer_supplementary_information: {
    from: ['supplementary_information'],
    roles: ['prosecutor'],
    side: 'requesting',
    requires: ['reason'],
    shared: true,
  },
  record_partial_response: { from: ['under_execution'], roles: ['central_authority'], side: 'requested', requires: [], shared: true },
  record_final_response: {
    from: ['under_execution'],
    roles: ['central_authority'],
    side: 'requested',
    requires: ['result'],
    shared: true,
  },
  refuse: {
    from: ['acknowledged', 'under_execution', 'supplementary_information'],
    roles: ['central_authority'],
    side: 'requested',
    requires: ['reason'],
    shared: true,
  },
  close: { from: ['responded'], roles: ['prosecutor', 'central_authority'], side: 'requesting', requires: [], shared: true },
  withdraw: {
    from: OPEN_STAGES,
    roles: ['prosecutor', 'central_authority'],
    side: 'requesting',
    requires: ['reason'],
    shared: true,
  },
  extend_deadline: {
    from: OPEN_STAGES,
    roles: ['supervisor'],
    side: 'either',
    requires: ['deadlineKey', 'newDueAt', 'reason'],
  },
};

/** The payload of every action update. */
export interface ActionInput {
  action: MlaAction;
  actor: Actor;
  reason?: string;
  draft?: MlaDraft;
  result?: 'executed' | 'partially_executed';
  deadlineKey?: string;
  newDueAt?: string;
}

/** Entries of the platform itself (lapse, repair, termination) that both sides see. */
const SYSTEM_ACTIONS = new Set(['lapse', 'resync', 'terminate']);

/**
 * Who may see the timeline entry (and audit record) of an action: the machine says which
 * actions are shared; the rest stay on the side of whoever took them.
 */
export function visibilityOf(action: string, actorSide: Side | null): Visibility {
  if (SYSTEM_ACTIONS.has(action)) return 'shared';
  const rule = (MLA_ACTION_RULES as Record<string, ActionRule | undefined>)[action];
  if (rule?.shared) return 'shared';
  return actorSide ?? 'requesting';
}

/** The side an actor stands on for a case, or null when neither state is theirs. */
export function sideOf(actor: Actor, requestingState: string, requestedState: string): Side | null {
  if (actor.jurisdiction === requestingState) return 'requesting';
  if (actor.jurisdiction === requestedState) return 'requested';
  return null;
}

/** Why an actor may not take an action now, or null when they may. Stage, role, side and fields. */
export function actionRefusal(
  input: ActionInput,
  stage: MlaStage,
  requestingState: string,
  requestedState: string,
): { kind: 'stage' | 'role' | 'input'; message: string } | null {
  const rule = MLA_ACTION_RULES[input.action];
  if (!rule) return { kind: 'input', message: `unknown action ${String(input.action)}` };
  if (!rule.from.includes(stage)) {
    return { kind: 'stage', message: `${input.action} is not allowed in stage ${stage}` };
  }
  const side = sideOf(input.actor, requestingState, requestedState);
  if (!rule.roles.some((r) => input.actor.roles.includes(r)) || side === null || (rule.side !== 'either' && rule.side !== side)) {
    return { kind: 'role', message: `${input.action} needs the ${rule.roles.join(' or ')} role on the ${rule.side} side` };
  }
  for (const field of rule.requires) {
    const value = input[field];
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
      return { kind: 'input', message: `${field} is required for ${input.action}` };
    }
  }
  if (input.result !== undefined && !['executed', 'partially_executed'].includes(input.result)) {
    return { kind: 'input', message: 'result must be executed or partially_executed' };
  }
  if (input.newDueAt !== undefined && Number.isNaN(Date.parse(input.newDueAt))) {
    return { kind: 'input', message: 'newDueAt must be an ISO 8601 instant' };
  }
  return null;
}

/** The actions an actor could take on a case in a stage (for the case view and the query). */
export function allowedActions(actor: Actor, stage: MlaStage, requestingState: string, requestedState: string): MlaAction[] {
  return MLA_ACTIONS.filter((action) => {
    const refusal = actionRefusal({ action, actor }, stage, requestingState, requestedState);
    return refusal === null || refusal.kind === 'input';
  });
}
