import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { AuditLog } from '@comity/audit';
import { canAct, canCreateCase, toActor, type AuthUser } from '@comity/auth';
import { KEYED_UPDATE_PREFIX, machineFor, sideOf, type CaseWorkflowInput, type MlaDraft } from '@comity/contracts';
import { canonicalJson } from '@comity/audit';
import { CaseAccessService } from '../auth/case-access.service';
import { DocumentGate } from '../documents/document-gate';
import { ProblemException } from '../common/problem';
import { CaseQueries } from './case-queries.service';
import type { CaseDetail } from './case-view';
import { CaseAlreadyClosedError, CaseWorkflowClient, CaseWorkflowGoneError } from './case-workflow.client';
import { DecisionCommits } from './decision-commits';
import type { ActionDto } from './dto/action.dto';
import type { CreateCaseDto } from './dto/create-case.dto';

// Namespace for case ids derived from (caller, Idempotency-Key) with uuid v5: the same key from
// the same caller gives the same case id, hence the same workflow, hence one case.
const IDEMPOTENCY_NAMESPACE = '5b0f3f3e-8c2a-4c1e-9d7a-2f6b1a0c9e41';

// Case commands: checked against the access policy here, then against the workflow's own rules
// (stage, role, side, data) in the update validator, which is the final word.
@Injectable()
export class CasesService {
  constructor(
    private readonly workflows: CaseWorkflowClient,
    private readonly queries: CaseQueries,
    private readonly access: CaseAccessService,
    private readonly audit: AuditLog,
    private readonly documentGate: DocumentGate,
    private readonly commits: DecisionCommits,
  ) {}

  // With `respondAsync` the answer comes once Temporal holds the case (HTTP 202), before its first
  // projection; otherwise once the case can be read back (HTTP 201). With an Idempotency-Key
  // (scoped to the caller) a repeat of the same request answers with the same case, a repeat
  // with another body is refused (422), and a key whose case has closed never starts a new one.
  async create(
    user: AuthUser,
    dto: CreateCaseDto,
    idempotencyKey?: string,
    respondAsync = false,
  ): Promise<CaseDetail | { id: string; stage: 'draft' }> {
    if (!canCreateCase(user, user.jurisdiction, user.authorityId)) {
      await this.audit.record({ caseId: null, action: 'case.create', actorId: user.id, outcome: 'denied' });
      throw new ProblemException(HttpStatus.FORBIDDEN, 'Only prosecutors open cases', 'the prosecutor role is required');
    }
    if (dto.requestedState === user.jurisdiction) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'requestedState must be another state', [
        { field: 'requestedState', messages: ['must differ from the requesting state'] },
      ]);
    }
    const machine = machineFor(dto.kind);
    if (machine.requestedStates && !machine.requestedStates.includes(dto.requestedState)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `a ${dto.kind} request is addressed to ${machine.requestedStates.join(' or ')}`, [
        { field: 'requestedState', messages: [`must be one of ${machine.requestedStates.join(', ')}`] },
      ]);
    }
    // The request type decides the path an extradition takes once transmitted.
    if (dto.kind === 'extradition' && !dto.draft?.requestType) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'draft.requestType is required for an extradition', [
        { field: 'draft.requestType', messages: ['must be provisional_arrest, formal or provisional_then_formal'] },
      ]);
    }
    checkIdempotencyKey(idempotencyKey);
    const caseId = idempotencyKey ? uuidv5(`${user.id}:${idempotencyKey}`, IDEMPOTENCY_NAMESPACE) : uuidv4();
    const draft = { ...(dto.draft ?? {}) } as MlaDraft;
    const input: CaseWorkflowInput = {
      kind: dto.kind,
      caseId,
      requestingState: user.jurisdiction,
      requestedState: dto.requestedState,
      requestingAuthorityId: user.authorityId,
      createdBy: user.id,
      internalReview: dto.internalReview ?? false,
      draft,
      ...(idempotencyKey ? { requestHash: requestDigest(dto) } : {}),
    };
    if (idempotencyKey) {
      const repeat = await this.repeatedCreate(user, input);
      if (repeat) return respondAsync ? { id: caseId, stage: 'draft' } : repeat;
    }
    try {
      if (respondAsync) {
        await this.workflows.start(input);
        return { id: caseId, stage: 'draft' };
      }
      await this.workflows.create(input);
    } catch (err) {
      if (!(err instanceof CaseAlreadyClosedError)) throw err;
      // The key's case closed between the check above and the start: answer from the records.
      const repeat = await this.repeatedCreate(user, input);
      if (repeat) return respondAsync ? { id: caseId, stage: 'draft' } : repeat;
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'Idempotency-Key already used',
        'this key belongs to a request that could not be recorded; use a new key',
      );
    }
    return this.queries.get(user, caseId);
  }

  // The case a repeated Idempotency-Key opened, if its records exist; 422 when the body differs.
  private async repeatedCreate(user: AuthUser, input: CaseWorkflowInput): Promise<CaseDetail | null> {
    const original = await this.queries.requestHashOf(user, input.caseId);
    if (original === undefined) return null;
    if (original !== null && original !== input.requestHash) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Idempotency-Key reused',
        'this Idempotency-Key was already used with a different request',
      );
    }
    return this.queries.get(user, input.caseId);
  }

  // The case's kind names its machine, which says who may take the action; the workflow's
  // validator then judges stage and input.
  // With an Idempotency-Key (scoped to the caller, the case, and the request's action and body), a
  // repeat of the same request is answered with the case instead of being taken twice.
  async act(
    user: AuthUser,
    caseId: string,
    action: string,
    dto: ActionDto & { draft?: MlaDraft },
    idempotencyKey?: string,
  ): Promise<CaseDetail> {
    checkIdempotencyKey(idempotencyKey);
    const facts = await this.access.requireVisible(user, caseId, `case.${action}`);
    const rule = Object.hasOwn(machineFor(facts.kind).actions, action) ? machineFor(facts.kind).actions[action] : undefined;
    if (!rule) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Invalid action', `${action} is not an action of a ${facts.kind ?? 'mla'} case`);
    }
    if (!canAct(user, rule, facts)) await this.access.denyAction(user, facts, `case.${action}`);
    // A link is shown only to those who may see both cases: the linker must see the other one.
    if (action === 'link_case' && dto.link) await this.requireLinkable(user, caseId, dto.link.caseId);
    // What the action needs of the case's documents (e.g. translations before record_translation).
    await this.documentGate.checkBeforeAction(caseId, action);
    try {
      const updateId = idempotencyKey
        ? `${KEYED_UPDATE_PREFIX}${uuidv5(`${user.id}:${action}:${requestDigest(dto)}:${idempotencyKey}`, IDEMPOTENCY_NAMESPACE)}`
        : undefined;
      const taken = await this.workflows.act(caseId, { action, actor: toActor(user), ...dto }, updateId);
      // The workflow answers once the decision is in history; the caller reads it once committed.
      await this.commits.committed(caseId, taken.snapshot.lastProjectedSeq, () => this.workflows.refusal(caseId, taken.updateId));
    } catch (err) {
      throw await this.conflictOr(user, caseId, err);
    }
    return this.queries.get(user, caseId);
  }

  private async requireLinkable(user: AuthUser, caseId: string, linkedCaseId: string): Promise<void> {
    const problem = (detail: string) =>
      new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Invalid action', detail, [{ field: 'link.caseId', messages: [detail] }]);
    if (linkedCaseId === caseId) throw problem('a case cannot be linked to itself');
    try {
      await this.access.requireVisible(user, linkedCaseId, 'case.link');
    } catch (err) {
      if (err instanceof ProblemException && err.getStatus() === HttpStatus.NOT_FOUND) throw problem('no case you may see has this id');
      throw err;
    }
  }

  // Notes stay on their author's side unless the author shares them.
  async note(user: AuthUser, caseId: string, note: string, shared: boolean): Promise<void> {
    const facts = await this.access.requireVisible(user, caseId, 'case.note');
    const side = sideOf(toActor(user), facts.requestingState, facts.requestedState);
    try {
      await this.workflows.note(caseId, { note, actorId: user.id, visibility: shared || !side ? 'shared' : side });
    } catch (err) {
      throw await this.conflictOr(user, caseId, err);
    }
  }

  // A decision that lost a race (the case moved or closed meanwhile) answers 409 with where the
  // case stands now and what the caller may still do, never 404 for a case they can see.
  private async conflictOr(user: AuthUser, caseId: string, err: unknown): Promise<unknown> {
    const lostRace = err instanceof CaseWorkflowGoneError || (err instanceof ProblemException && err.getStatus() === HttpStatus.CONFLICT);
    if (!lostRace) return err;
    const current = await this.queries.get(user, caseId);
    const detail =
      err instanceof ProblemException
        ? ((err.getResponse() as { detail?: string }).detail ?? 'the case has moved on')
        : current.stage === 'closed'
          ? 'the case is closed'
          : 'the case has moved on';
    return new ProblemException(HttpStatus.CONFLICT, 'Action not allowed now', detail, undefined, {
      stage: current.stage,
      allowedActions: current.allowedActions,
    });
  }

  async read(user: AuthUser, caseId: string): Promise<CaseDetail> {
    await this.access.requireVisible(user, caseId, 'case.read', { auditRead: true });
    return this.queries.get(user, caseId);
  }
}

function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !/^[\w.:-]{1,200}$/.test(key)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'Invalid Idempotency-Key', 'use 1 to 200 letters, digits, . : _ -');
  }
}

// The digest that tells a repeat of a request from a different one (RFC 8785 JSON, so key order
// and spacing do not matter).
function requestDigest(dto: object): string {
  return createHash('sha256').update(canonicalJson(JSON.parse(JSON.stringify(dto)))).digest('base64url');
}
