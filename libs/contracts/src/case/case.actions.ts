import { allowedIn, contextOf, refusalIn, visibilityIn, type AnyActionInput, type TransmissionDetails, type CaseLink } from './case-machine';
import { MLA_MACHINE, type MlaActionInput } from '../machines/mla.machine';
import { machineFor } from '../machines';
import type { Actor, MlaDraft, Role, Side, Visibility } from './case.types';

export { sideOf } from './case-machine';

/** A human action on an MLA request, in the order the case view lists them. */
export const MLA_ACTIONS = Object.keys(MLA_MACHINE.actions) as MlaAction[];
export type MlaAction = MlaActionInput['action'];

/** Who may take an action: the part of a machine's action the access policy needs. */
export interface ActionRule {
  from: readonly string[];
  roles: readonly Role[];
  side: Side | 'either';
  shared?: boolean;
}

export const MLA_ACTION_RULES: Record<string, ActionRule> = MLA_MACHINE.actions;

/**
 * The payload of every action update, as it travels: the action, who takes it, and the fields
 * of that action. Each machine types its actions' inputs as a union keyed by action and checks
 * them in the Update validator.
 */
export interface ActionInput {
  action: string;
  actor: Actor;
  reason?: string;
  draft?: MlaDraft;
  result?: string;
  deadlineKey?: string;
  newDueAt?: string;
  transmission?: TransmissionDetails;
  link?: CaseLink;
  [field: string]: unknown;
}

/** Who may see the timeline entry (and audit record) of an action on a case of `kind`. */
export function visibilityOf(action: string, actorSide: Side | null, kind?: string): Visibility {
  return visibilityIn(machineFor(kind), action, actorSide);
}

/** Why an actor may not take an action now, or null when they may (MLA; see refusalIn). */
export function actionRefusal(
  input: ActionInput,
  stage: string,
  requestingState: string,
  requestedState: string,
  kind?: string,
): { kind: 'stage' | 'role' | 'input'; message: string } | null {
  return refusalIn(machineFor(kind), input as AnyActionInput, contextOf(stage, requestingState, requestedState));
}

/** The actions an actor could take on a case in a stage (for the case view). */
export function allowedActions(actor: Actor, stage: string, requestingState: string, requestedState: string, kind?: string): string[] {
  return allowedIn(machineFor(kind), actor, contextOf(stage, requestingState, requestedState));
}
