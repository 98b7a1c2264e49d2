import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toActor, type AuthUser } from '@comity/auth';
import { sideOf } from '@comity/contracts';
import { caseDraftRequest, evaluationChanges, type Evaluation, type EvaluationChange } from '@comity/treaty-rules';
import { CaseAccessService } from '../auth/case-access.service';
import { ProblemException } from '../common/problem';
import { RulesCatalogService } from '../rules/rules-catalog.service';

export interface CaseEvaluationView {
  /** The evaluation the submission stood on, with the rules-data version it used; null before submission. */
  submitted: Evaluation | null;
  /** The same draft evaluated now, on today's rules data. */
  current: Evaluation;
  /** What differs, most consequential first (e.g. a treaty's status changed since submission). */
  changes: EvaluationChange[];
}

// The findings behind a draft, for its reviewers. The evaluation (risks, warnings, missing
// contents) is the requesting side's internal work: the requested state never reads it.
@Injectable()
export class CaseEvaluationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CaseAccessService,
    private readonly catalog: RulesCatalogService,
  ) {}

  async get(user: AuthUser, caseId: string): Promise<CaseEvaluationView> {
    const facts = await this.access.requireVisible(user, caseId, 'case.evaluation.read', { auditRead: true });
    if (sideOf(toActor(user), facts.requestingState, facts.requestedState) !== 'requesting') {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', "The evaluation is internal to the requesting state's side");
    }
    const [row] = await this.dataSource.query(
      `SELECT c.kind, c.draft, e.evaluation FROM cases c
       LEFT JOIN case_evaluations e ON e.id = c.submitted_evaluation_id
       WHERE c.id = $1`,
      [caseId],
    );
    const current = await this.catalog.evaluate(
      caseDraftRequest(row.kind, facts.requestingState, facts.requestedState, row.draft ?? {}),
      new Date(),
    );
    const submitted = (row.evaluation as Evaluation | null) ?? null;
    return { submitted, current, changes: submitted ? evaluationChanges(submitted, current) : [] };
  }
}
