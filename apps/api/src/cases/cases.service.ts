import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { DataSource } from 'typeorm';
import { submitCaseUpdate, withdrawCaseUpdate, type CaseState } from '@comity/contracts';
import { CaseEntity, CaseStepEntity } from '@comity/persistence';
import { ProblemException } from '../common/problem';
import { CaseWorkflowClient } from './case-workflow.client';
import type { CreateCaseDto } from './dto/create-case.dto';

// Namespace for deriving case ids from Idempotency-Keys (uuid v5): the same key gives the
// same case id, hence the same workflow, hence one case.
const IDEMPOTENCY_NAMESPACE = '5b0f3f3e-8c2a-4c1e-9d7a-2f6b1a0c9e41';

export interface CaseView {
  id: string;
  kind: string;
  requestingState: string;
  requestedState: string;
  stage: string;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
  timeline: { seq: number; fromStage: string | null; toStage: string; action: string; at: string }[];
}

@Injectable()
export class CasesService {
  constructor(
    private readonly workflows: CaseWorkflowClient,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(dto: CreateCaseDto, idempotencyKey?: string): Promise<CaseState> {
    if (dto.requestingState === dto.requestedState) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'requestedState must differ from requestingState', [
        { field: 'requestedState', messages: ['must differ from requestingState'] },
      ]);
    }
    const caseId = idempotencyKey ? uuidv5(idempotencyKey, IDEMPOTENCY_NAMESPACE) : uuidv4();
    return this.workflows.create({ caseId, ...dto });
  }

  submit(caseId: string, actorId: string): Promise<CaseState> {
    return this.workflows.update(caseId, submitCaseUpdate, { actorId });
  }

  withdraw(caseId: string, actorId: string, reason: string): Promise<CaseState> {
    return this.workflows.update(caseId, withdrawCaseUpdate, { actorId, reason });
  }

  async get(caseId: string): Promise<CaseView> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'Case not found');
    const steps = await this.dataSource
      .getRepository(CaseStepEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
    return {
      id: row.id,
      kind: row.kind,
      requestingState: row.requestingState,
      requestedState: row.requestedState,
      stage: row.stage,
      outcome: row.outcome,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      timeline: steps.map((s) => ({
        seq: s.seq,
        fromStage: s.fromStage,
        toStage: s.toStage,
        action: s.action,
        at: s.at.toISOString(),
      })),
    };
  }
}
