import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionInput } from './case.actions';
import type { MlaSnapshot } from './case.types';

/** Returns once the case's first projection has committed (used with Update-with-Start). */
export const awaitCreatedUpdate = defineUpdate<MlaSnapshot, []>('awaitCreated');
/** Every human action; validated (stage, role, side, fields) before it enters history. */
export const performActionUpdate = defineUpdate<MlaSnapshot, [ActionInput]>('performAction');
/** Fire-and-forget notice that a document arrived out of band; recorded on the timeline. */
export const noteReceivedSignal = defineSignal<[{ note: string; actorId: string }]>('noteReceived');
/** The whole current state of the case. */
export const getCaseStateQuery = defineQuery<MlaSnapshot>('getCaseState');
