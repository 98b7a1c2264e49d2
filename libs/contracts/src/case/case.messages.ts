import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionInput } from './case.actions';
import type { MlaSnapshot, PendingNote } from './case.types';

/** What a repeated create carries, to be compared with the request that opened the case. */
export interface AwaitCreatedInput {
  requestHash?: string;
}

/**
 * Returns once the case's first projection has committed (used with Update-with-Start). A
 * repeated create whose request digest differs from the original is refused.
 */
export const awaitCreatedUpdate = defineUpdate<MlaSnapshot, [AwaitCreatedInput]>('awaitCreated');
/**
 * The Update id of an action sent with an Idempotency-Key starts with this: the workflow keeps
 * those ids across continue-as-new, where Temporal's own deduplication of Update ids ends.
 */
export const KEYED_UPDATE_PREFIX = 'key:';
/** Every human action; validated (stage, role, side, fields) before it enters history. */
export const performActionUpdate = defineUpdate<MlaSnapshot, [ActionInput]>('performAction');
/**
 * The same action, answered as soon as it is validated, planned and its projection is scheduled
 * in history (one workflow task), with the snapshot the case will have once it commits. The
 * caller then waits for the projection's step row (case id, `lastProjectedSeq`) to appear; if the
 * records refuse it instead, the case stays as it was and the refusal is kept, under the Update's
 * id, in the snapshot's `refusedDecisions`. This is how the api takes decisions: the caller still
 * reads its own write, one workflow task and one activity round trip sooner.
 */
export const beginActionUpdate = defineUpdate<MlaSnapshot, [ActionInput]>('beginAction');
/** Fire-and-forget notice that a document arrived out of band; recorded on the timeline. */
export const noteReceivedSignal = defineSignal<[PendingNote]>('noteReceived');
/** The whole current state of the case. */
export const getCaseStateQuery = defineQuery<MlaSnapshot>('getCaseState');
/**
 * The operator's repair (npm run cases:doctor -- repair): re-projects the case's current state
 * as one audited transition, so a read model that fell out of step with the workflow agrees again.
 */
export const resyncUpdate = defineUpdate<MlaSnapshot, [{ reason: string }]>('resync');

/** The PostgreSQL NOTIFY channel on which each committed case step is announced (stepKey). */
export const CASE_STEPS_CHANNEL = 'comity_case_steps';
/** How a committed step is named on CASE_STEPS_CHANNEL. */
export function stepKey(caseId: string, seq: number): string {
  return `${caseId}:${seq}`;
}
