import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { CaseActivities } from './case.activities';
import {
  awaitCreatedUpdate,
  CaseFailureType,
  getCaseStateQuery,
  noteReceivedSignal,
  STAGE_SEARCH_ATTRIBUTE,
  submitCaseUpdate,
  withdrawCaseUpdate,
  type CaseOutcome,
  type CaseStage,
  type CaseState,
  type CaseWorkflowInput,
} from '../../../libs/contracts/src';

const { projectTransition } = proxyActivities<CaseActivities>({
  // A projection is one short database transaction; a minute covers a slow commit.
  startToCloseTimeout: '1 minute',
  // Retried until the database is back: a transition must never be dropped, and the
  // projection is idempotent on (caseId, seq) so a retry never writes twice.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const WITHDRAWABLE: CaseStage[] = ['draft', 'central_authority_review'];

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  let stage: CaseStage = 'draft';
  let outcome: CaseOutcome | null = null;
  let seq = 0;
  // Transitions are applied one at a time so concurrent updates see a consistent stage.
  let busy = false;

  const state = (): CaseState => ({ caseId: input.caseId, stage, outcome, seq });

  async function transition(
    allowed: CaseStage[] | null,
    toStage: CaseStage,
    action: string,
    actorId: string | null,
    reason: string | null,
    toOutcome: CaseOutcome | null = null,
  ): Promise<CaseState> {
    // Re-tested after every wake-up: several handlers can be released by the same activation.
    while (busy) await condition(() => !busy);
    busy = true;
    try {
      // Re-checked under the lock: of two concurrent decisions that both passed their
      // validators, only the first one applies.
      if (allowed) requireStage(...allowed);
      const fromStage = seq === 0 ? null : stage;
      await projectTransition({
        caseId: input.caseId,
        seq,
        kind: input.kind,
        requestingState: input.requestingState,
        requestedState: input.requestedState,
        fromStage,
        toStage,
        outcome: toOutcome,
        action,
        actorId,
        reason,
        at: new Date(Date.now()).toISOString(),
      });
      stage = toStage;
      outcome = toOutcome;
      seq += 1;
      upsertSearchAttributes([{ key: STAGE_SEARCH_ATTRIBUTE, value: stage }]);
      return state();
    } finally {
      busy = false;
    }
  }

  function requireStage(...allowed: CaseStage[]): void {
    if (!allowed.includes(stage)) {
      throw ApplicationFailure.create({
        type: CaseFailureType.WRONG_STAGE,
        message: `action not allowed in stage ${stage}`,
        nonRetryable: true,
      });
    }
  }

  setHandler(getCaseStateQuery, state);
  setHandler(awaitCreatedUpdate, async () => {
    await condition(() => seq > 0);
    return state();
  });
  setHandler(noteReceivedSignal, () => undefined);
  setHandler(
    submitCaseUpdate,
    ({ actorId }) => transition(['draft'], 'central_authority_review', 'submit', actorId, null),
    { validator: (_input) => requireStage('draft') },
  );
  setHandler(
    withdrawCaseUpdate,
    ({ actorId, reason }) =>
      transition(WITHDRAWABLE, 'closed', 'withdraw', actorId, reason, 'withdrawn'),
    {
      validator: ({ reason }) => {
        requireStage(...WITHDRAWABLE);
        if (!reason?.trim()) {
          throw ApplicationFailure.create({
            type: CaseFailureType.INVALID_INPUT,
            message: 'reason is required',
            nonRetryable: true,
          });
        }
      },
    },
  );

  await transition(null, 'draft', 'create', null, null);
  await condition(() => stage === 'closed');
  await condition(allHandlersFinished);
  return state();
}
