import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseState } from './case.types';

export interface ActorInput {
  actorId: string;
}

export interface WithdrawInput extends ActorInput {
  reason: string;
}

/** Returns once the case's first projection has committed (used with Update-with-Start). */
export const awaitCreatedUpdate = defineUpdate<CaseState, []>('awaitCreated');
/** Sends a draft to its central authority for review. */
export const submitCaseUpdate = defineUpdate<CaseState, [ActorInput]>('submit');
/** Withdraws the request; allowed at any stage before closure. */
export const withdrawCaseUpdate = defineUpdate<CaseState, [WithdrawInput]>('withdraw');
/** Fire-and-forget: the other side says it has received a document (recorded only). */
export const noteReceivedSignal = defineSignal<[{ note: string }]>('noteReceived');
/** Current stage and seq of the case. */
export const getCaseStateQuery = defineQuery<CaseState>('getCaseState');
