import { HttpStatus, Injectable } from '@nestjs/common';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { AuditLog } from '@comity/audit';
import { canCreateCase, toActor, type AuthUser } from '@comity/auth';
import { MLA_ACTION_RULES, type MlaAction, type MlaDraft } from '@comity/contracts';
import { CaseAccessService } from '../auth/case-access.service';
import { ProblemException } from '../common/problem';
import { CaseQueries } from './case-queries.service';
import type { CaseDetail } from './case-view';
import { CaseWorkflowClient } from './case-workflow.client';
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
  ) {}

  // With `respondAsync` the answer comes once Temporal holds the case (HTTP 202), before its first
  // projection; otherwise once the case can be read back (HTTP 201).
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
    if (idempotencyKey !== undefined && !/^[\w.:-]{1,200}$/.test(idempotencyKey)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'Invalid Idempotency-Key', 'use 1 to 200 letters, digits, . : _ -');
    }
    const caseId = idempotencyKey ? uuidv5(`${user.id}:${idempotencyKey}`, IDEMPOTENCY_NAMESPACE) : uuidv4();
    const input = {
      caseId,
      requestingState: user.jurisdiction,
      requestedState: dto.requestedState,
      requestingAuthorityId: user.authorityId,
      createdBy: user.id,
      internalReview: dto.internalReview ?? false,
      draft: { ...(dto.draft ?? {}) } as MlaDraft,
    };
    if (respondAsync) {
      await this.workflows.start(input);
      return { id: caseId, stage: 'draft' };
    }
    await this.workflows.create(input);
    return this.queries.get(user, caseId);
  }

  async act(user: AuthUser, caseId: string, action: MlaAction, dto: ActionDto & { draft?: MlaDraft }): Promise<CaseDetail> {
    await this.access.requireAction(user, caseId, MLA_ACTION_RULES[action], `case.${action}`);
    await this.workflows.act(caseId, { action, actor: toActor(user), ...dto });
    return this.queries.get(user, caseId);
  }

  async note(user: AuthUser, caseId: string, note: string): Promise<void> {
    // A closed case's workflow has completed; the client answers that with 409.
    await this.access.requireVisible(user, caseId, 'case.note');
    await this.workflows.note(caseId, note, user.id);
  }

  async read(user: AuthUser, caseId: string): Promise<CaseDetail> {
    await this.access.requireVisible(user, caseId, 'case.read', { auditRead: true });
    return this.queries.get(user, caseId);
  }
}
