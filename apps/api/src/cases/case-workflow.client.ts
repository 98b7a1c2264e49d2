import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Client,
  isGrpcServiceError,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  awaitCreatedUpdate,
  beginActionUpdate,
  CASES_TASK_QUEUE,
  CaseFailureType,
  caseWorkflowId,
  KIND_SEARCH_ATTRIBUTE,
  machineFor,
  noteReceivedSignal,
  OVERDUE_SEARCH_ATTRIBUTE,
  PAIR_SEARCH_ATTRIBUTE,
  getCaseStateQuery,
  STAGE_SEARCH_ATTRIBUTE,
  type ActionInput,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type PendingNote,
} from '@comity/contracts';
import { assertUnreachable } from '@comity/domain';
import { ProblemException, type FieldProblem } from '../common/problem';

// The api's only door to case workflows: start, act, query, and the mapping of their failures
// to HTTP problems. It never writes case state itself.
@Injectable()
export class CaseWorkflowClient {
  constructor(private readonly client: Client) {}

  // Start only: answers as soon as Temporal has durably accepted the case; the first projection
  // follows within milliseconds. For bulk imports that do not need to read their own write.
  async start(input: CaseWorkflowInput): Promise<void> {
    await call(() => this.client.workflow.start(workflowTypeOf(input), caseStartOptions(input)));
  }

  // Update-with-Start: the same case id (derived from the Idempotency-Key) reuses the running
  // workflow, whose validator refuses a different request under the same key; the answer comes
  // only once the first projection has committed.
  create(input: CaseWorkflowInput): Promise<CaseSnapshot> {
    const start = new WithStartWorkflowOperation(workflowTypeOf(input), caseStartOptions(input));
    return call(() =>
      this.client.workflow.executeUpdateWithStart(awaitCreatedUpdate, {
        args: [{ requestHash: input.requestHash }],
        startWorkflowOperation: start,
      }),
    );
  }

  // Answered once the decision is validated and its projection scheduled in history, with the
  // snapshot the case will have; the caller then waits for the projection (DecisionCommits). With
  // an Update id (an Idempotency-Key's), a repeat is answered with the first one's outcome instead
  // of being applied again: by Temporal within a run, by the workflow across runs.
  async act(caseId: string, action: ActionInput, updateId: string = randomUUID()): Promise<{ snapshot: CaseSnapshot; updateId: string }> {
    const handle = this.handleOf(caseId);
    const snapshot = await call(() => handle.executeUpdate(beginActionUpdate, { args: [action], updateId }));
    return { snapshot, updateId };
  }

  // The problem to answer if the records refused a decision answered before its projection; null
  // while the workflow has no refusal under that Update id.
  async refusal(caseId: string, updateId: string): Promise<unknown> {
    const handle = this.handleOf(caseId);
    const state = await call(() => handle.query(getCaseStateQuery));
    const refused = state.refusedDecisions?.find((r) => r.updateId === updateId);
    return refused ? failureProblem(ApplicationFailure.create({ type: refused.type, message: refused.message, nonRetryable: true })) : null;
  }

  private handleOf(caseId: string) {
    return this.client.workflow.getHandle(caseWorkflowId(caseId));
  }

  // Fire-and-forget: accepted once Temporal has stored the signal; the timeline shows it shortly.
  note(caseId: string, note: PendingNote): Promise<void> {
    const handle = this.handleOf(caseId);
    return call(() => handle.signal(noteReceivedSignal, note));
  }
}

/** The workflow type a case runs as: its kind's machine says (MLA keeps its historic type). */
export function workflowTypeOf(input: CaseWorkflowInput): string {
  return machineFor(input.kind).workflowType;
}

// The start request of a case workflow (also what bench/case-create.bench.ts compares against).
export function caseStartOptions(input: CaseWorkflowInput) {
  return {
    workflowId: caseWorkflowId(input.caseId),
    taskQueue: CASES_TASK_QUEUE,
    args: [input] as [CaseWorkflowInput],
    // The same case id means the same case: a repeated create joins the running workflow, and
    // a closed case's id is never started again.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    typedSearchAttributes: [
      { key: STAGE_SEARCH_ATTRIBUTE, value: 'draft' },
      { key: PAIR_SEARCH_ATTRIBUTE, value: `${input.requestingState}-${input.requestedState}` },
      { key: KIND_SEARCH_ATTRIBUTE, value: input.kind ?? 'mla' },
      { key: OVERDUE_SEARCH_ATTRIBUTE, value: false },
    ],
  };
}

/** The start request of an MLA case (kept for the benches that compare against it). */
export const mlaStartOptions = caseStartOptions;

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProblem(err);
  }
}

/** The workflow of a case has completed (the case closed) or was never started. */
export class CaseWorkflowGoneError extends Error {}

/** A create whose case id belongs to a case that has already closed: its id is never reused. */
export class CaseAlreadyClosedError extends Error {}

// gRPC codes of a Temporal service that is restarting, overloaded or out of reach: temporary.
const DEADLINE_EXCEEDED = 4;
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;
const TRANSIENT_GRPC_CODES = new Set([DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE]);

function temporalUnavailable(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && TRANSIENT_GRPC_CODES.has(grpc.code);
}

function toProblem(err: unknown): unknown {
  // The read model decides what the caller is told about a case that has no running workflow.
  if (err instanceof WorkflowNotFoundError) return new CaseWorkflowGoneError(err.message);
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new CaseAlreadyClosedError(err.message);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The case did not answer in time', 'Retry the request');
  }
  if (temporalUnavailable(err)) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The case service is unavailable', 'Retry the request');
  }
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) return err;
  return failureProblem(err.cause);
}

// A case's refusal, as the HTTP problem its caller gets.
function failureProblem(failure: ApplicationFailure): ProblemException {
  const type = failure.type as CaseFailureType;
  switch (type) {
    case CaseFailureType.WRONG_STAGE:
      return new ProblemException(HttpStatus.CONFLICT, 'Action not allowed now', failure.message);
    case CaseFailureType.FORBIDDEN_ACTION:
      return new ProblemException(HttpStatus.FORBIDDEN, 'Action not allowed for you', failure.message);
    case CaseFailureType.INVALID_INPUT:
      return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Invalid action', failure.message);
    case CaseFailureType.UNPROCESSABLE:
      // The failure names the activity and the database object; the caller learns only the outcome.
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Invalid action',
        "The case records refused this action's data; the case is unchanged",
      );
    case CaseFailureType.UNAVAILABLE:
      return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The case records are unavailable', failure.message);
    case CaseFailureType.INCOMPLETE_REQUEST: {
      const details = failure.details?.[0] as { missing?: { field: string; reason: string }[] } | undefined;
      const errors: FieldProblem[] = (details?.missing ?? []).map((m) => ({ field: `draft.${m.field}`, messages: [m.reason] }));
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'The request is incomplete',
        errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '),
        errors,
      );
    }
    default:
      return assertUnreachable(type);
  }
}
