import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@comity/audit';
import { sideOf, type Visibility } from '@comity/contracts';
import {
  canAct,
  canReadCase,
  CASE_FACTS_COLUMNS,
  caseFactsFromRow,
  caseVisibilityFilter,
  type CaseFactsRow,
  type ActionRequirement,
  type AuthUser,
  type CaseFacts,
  type SqlFilter,
  toActor,
} from '@comity/auth';
import { ProblemException } from '../common/problem';

interface FactsRow extends CaseFactsRow {
  visible: boolean;
}

// The api's case-level access check, for every endpoint that names a case. A case the caller
// may not see answers 404 (never 403, so existence does not leak); a visible case the caller may
// not act on answers 403. Every refusal, and every audited read, lands on the case's chain (or
// the global chain when no such case exists).
@Injectable()
export class CaseAccessService {
  private readonly logger = new Logger(CaseAccessService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** The SQL visibility filter for lists, counts and search (see libs/auth case-visibility.filter.ts). */
  filter(user: AuthUser, alias = 'c', firstParam = 1): SqlFilter {
    return caseVisibilityFilter(user, { alias, firstParam });
  }

  /**
   * The case's access facts if the user may see it; otherwise audits the denial and throws 404.
   * With `auditRead`, also records the successful read (e.g. 'case.read' for GET /cases/:id).
   */
  async requireVisible(
    user: AuthUser,
    caseId: string,
    action: string,
    options: { auditRead?: boolean } = {},
  ): Promise<CaseFacts> {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 2 });
    const rows: FactsRow[] = await this.dataSource.query(
      `SELECT ${CASE_FACTS_COLUMNS}, ${vis.sql} AS visible
       FROM cases c WHERE c.id = $1`,
      [caseId, ...vis.params],
    );
    const row = rows[0];
    if (!row) {
      await this.audit.record({
        caseId: null,
        action,
        actorId: user.id,
        outcome: 'denied',
        details: { reason: 'not_found', targetCaseId: caseId },
      });
      throw notFound();
    }
    const facts = caseFactsFromRow(row);
    const allowed = canReadCase(user, facts);
    if (allowed !== row.visible) {
      // The SQL filter and the policy must agree; fail closed if they ever do not.
      this.logger.error({ caseId, userId: user.id }, 'Case visibility filter and policy disagree');
    }
    if (!allowed || !row.visible) {
      await this.audit.record({
        caseId: row.id,
        action,
        actorId: user.id,
        outcome: 'denied',
        details: { reason: 'not_visible', visibility: auditVisibility(user, facts) },
      });
      throw notFound();
    }
    if (options.auditRead) {
      await this.audit.record({
        caseId: row.id,
        action,
        actorId: user.id,
        outcome: 'allowed',
        details: { visibility: auditVisibility(user, facts) },
      });
    }
    return facts;
  }

  /** As requireVisible, then 403 (audited) unless the user may take the action. */
  async requireAction(
    user: AuthUser,
    caseId: string,
    rule: ActionRequirement,
    action: string,
  ): Promise<CaseFacts> {
    const facts = await this.requireVisible(user, caseId, action);
    if (!canAct(user, rule, facts)) {
      await this.denyAction(user, facts, action);
    }
    return facts;
  }

  /** Audits a refused action on a visible case and throws 403. */
  async denyAction(user: AuthUser, facts: CaseFacts, action: string): Promise<never> {
    await this.audit.record({
      caseId: facts.id,
      action,
      actorId: user.id,
      outcome: 'denied',
      details: { reason: 'not_permitted', visibility: auditVisibility(user, facts) },
    });
    throw new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', 'You may not take this action on this case');
  }
}

/** A person's own doings on a case (reads, refusals) stay on their side of the case's trail. */
export function auditVisibility(user: AuthUser, facts: CaseFacts): Visibility {
  return sideOf(toActor(user), facts.requestingState, facts.requestedState) ?? 'requesting';
}

function notFound(): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'Case not found');
}
