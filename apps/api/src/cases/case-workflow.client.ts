import { HttpStatus, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import {
  awaitCreatedUpdate,
  CASES_TASK_QUEUE,
  CaseFailureType,
  caseWorkflowId,
  KIND_SEARCH_ATTRIBUTE,
  PAIR_SEARCH_ATTRIBUTE,
  STAGE_SEARCH_ATTRIBUTE,
  type CaseState,
  type CaseWorkflowInput,
} from '@comity/contracts';
import { assertUnreachable } from '@comity/domain';
import { ProblemException } from '../common/problem';

// The api's only door to case workflows: start, update, query, and the mapping of their
// failures to HTTP problems.
@Injectable()
export class CaseWorkflowClient {
  constructor(private readonly client: Client) {}

  // Update-with-Start: the same case id (derived from the Idempotency-Key) reuses the running
  // workflow, and the answer comes only after the first projection has committed.
  async create(input: CaseWorkflowInput): Promise<CaseState> {
    const start = new WithStartWorkflowOperation('caseWorkflow', {
      workflowId: caseWorkflowId(input.caseId),
      taskQueue: CASES_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [
        { key: STAGE_SEARCH_ATTRIBUTE, value: 'draft' },
        { key: PAIR_SEARCH_ATTRIBUTE, value: `${input.requestingState}-${input.requestedState}` },
        { key: KIND_SEARCH_ATTRIBUTE, value: input.kind },
      ],
    });
    return this.call(() =>
      this.client.workflow.executeUpdateWithStart(awaitCreatedUpdate, { startWorkflowOperation: start }),
    );
  }

  async update<T>(caseId: string, update: UpdateDefinition<CaseState, [T]>, arg: T): Promise<CaseState> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    return this.call(() => handle.executeUpdate(update, { args: [arg] }));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toProblem(err);
    }
  }
}

function toProblem(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) {
    return new ProblemException(HttpStatus.NOT_FOUND, 'Case not found');
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The case did not answer in time', 'Retry the request');
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type as CaseFailureType;
    switch (type) {
      case CaseFailureType.WRONG_STAGE:
        return new ProblemException(HttpStatus.CONFLICT, 'Action not allowed now', err.cause.message);
      case CaseFailureType.INVALID_INPUT:
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Invalid action', err.cause.message);
      default:
        return assertUnreachable(type);
    }
  }
  return err;
}
