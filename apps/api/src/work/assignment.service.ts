import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import { canReadCase, supervisionScope, type AuthorityKind, type AuthUser, type CaseFacts, type Role } from '@comity/auth';
import { NotificationOutbox, type Notice } from '@comity/notifications';
import { CaseAccessService } from '../auth/case-access.service';
import { ProblemException } from '../common/problem';

type AssignmentKind = 'claim' | 'release' | 'assign' | 'reassign';

interface LockedCase {
  id: string;
  stage: string;
  last_seq: number;
  reference: string | null;
  holder_role: Role | null;
  holder_side: 'requesting' | 'requested' | null;
  holder_jurisdiction: string | null;
  holder_authority_id: string | null;
  closed_at: Date | null;
  assignee: string | null;
}

const COLLEAGUE_COLUMNS = 'u.id, u.roles, u.active, a.id AS authority_id, a.kind, a.jurisdiction';

// The case's holding desk and its assignee.
const CASE_DESK_SQL = `SELECT c.id, c.stage, c.last_seq, c.reference, c.holder_role, c.holder_side, c.holder_jurisdiction,
         c.holder_authority_id, c.closed_at,
         (SELECT d.user_id FROM case_desks d WHERE d.case_id = c.id AND d.side = c.holder_side AND d.role = c.holder_role) AS assignee
  FROM cases c WHERE c.id = $1`;

interface Colleague {
  id: string;
  roles: Role[];
  active: boolean;
  authority_id: string;
  kind: AuthorityKind;
  jurisdiction: string;
}

// Assignment of a case's current desk (the side and role that hold it) to one person of the
// holding authority. It is read-model data kept by the api, not workflow state: a desk row, the
// assignee on the case row, an entry on the timeline visible to that side only, an audit record
// on the case's chain and a notification to the new assignee, all in one transaction. When the
// case moves to another desk the projection shows that desk's assignee (if any) instead.
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditWriter,
    private readonly notices: NotificationOutbox,
  ) {}

  claim(user: AuthUser, caseId: string): Promise<void> {
    return this.change(user, caseId, 'case.assignment.claim', async (c) => {
      this.requireDeskRole(user, c);
      if (c.assignee === user.id) return null;
      if (c.assignee) conflict('the case is assigned to someone else; a supervisor can reassign it');
      return { kind: 'claim', to: user.id, reason: null };
    });
  }

  release(user: AuthUser, caseId: string, reason: string | undefined): Promise<void> {
    return this.change(user, caseId, 'case.assignment.release', async (c) => {
      if (!c.assignee) conflict('the case is not assigned');
      if (c.assignee !== user.id) this.requireSupervisor(user, c);
      return { kind: 'release', to: null, reason: reason?.trim() || null };
    });
  }

  assign(user: AuthUser, caseId: string, userId: string, reason: string | undefined): Promise<void> {
    return this.change(user, caseId, 'case.assignment.assign', async (c, em, facts) => {
      const taking = c.assignee !== null && c.assignee !== user.id;
      if (taking) {
        // Taking a case from someone is a supervisor's decision, and it is recorded with its reason.
        this.requireSupervisor(user, c);
        if (!reason?.trim()) {
          throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'a reassignment needs a reason', [
            { field: 'reason', messages: ['is required to reassign a case assigned to someone else'] },
          ]);
        }
      } else if (!this.isSupervisorOf(user, c)) {
        this.requireDeskRole(user, c);
      }
      if (c.assignee === userId) return null;
      await this.requireColleague(em, user, c, facts, userId);
      return { kind: c.assignee ? 'reassign' : 'assign', to: userId, reason: reason?.trim() || null };
    });
  }

  /**
   * The colleagues the caller may hand the case to: active, of the holding desk's role and
   * authority, able to see the case. For the desk's own people and the holding side's supervisors.
   */
  async candidates(user: AuthUser, caseId: string): Promise<{ id: string; name: string }[]> {
    const action = 'case.assignment.candidates';
    const facts = await this.access.requireVisible(user, caseId, action);
    const [c]: LockedCase[] = await this.dataSource.query(CASE_DESK_SQL, [caseId]);
    if (c.closed_at || !c.holder_role || !c.holder_side) return [];
    if (!this.isSupervisorOf(user, c) && !this.onDesk(user, c)) {
      await this.access.denyAction(user, facts, action);
      forbidden(`only a ${c.holder_role} of the authority that holds the case, or its supervisor, may assign it`);
    }
    const colleagues: (Colleague & { name: string })[] = await this.dataSource.query(
      `SELECT ${COLLEAGUE_COLUMNS}, u.display_name AS name
       FROM users u JOIN authorities a ON a.id = u.authority_id
       WHERE u.kind = 'user' AND u.active AND $1 = ANY(u.roles) AND a.jurisdiction = $2
       ORDER BY u.display_name, u.id`,
      [c.holder_role, c.holder_jurisdiction],
    );
    return colleagues.filter((u) => this.mayTake(user, c, facts, u)).map(({ id, name }) => ({ id, name }));
  }

  private async change(
    user: AuthUser,
    caseId: string,
    action: string,
    decide: (
      c: LockedCase,
      em: EntityManager,
      facts: CaseFacts,
    ) => Promise<{ kind: AssignmentKind; to: string | null; reason: string | null } | null>,
  ): Promise<void> {
    const facts = await this.access.requireVisible(user, caseId, action);
    let deliveries: string[];
    try {
      deliveries = await this.dataSource.transaction(async (em) => {
        // The case row's lock orders this against the projection moving the case to another desk.
        const [c]: LockedCase[] = await em.query(`${CASE_DESK_SQL} FOR UPDATE`, [caseId]);
        if (c.closed_at || !c.holder_role || !c.holder_side) conflict('the case is closed: no one holds it');
        const decision = await decide(c, em, facts);
        return decision ? this.record(em, user, c, decision, action) : [];
      });
    } catch (err) {
      // Audited once the transaction (and its lock on the case row, whose chain the record joins) is over.
      if (err instanceof ProblemException && err.getStatus() === HttpStatus.FORBIDDEN) {
        await this.access.denyAction(user, facts, action);
      }
      throw err;
    }
    this.notices.startSoon(deliveries);
  }

  private async record(
    em: EntityManager,
    user: AuthUser,
    c: LockedCase,
    d: { kind: AssignmentKind; to: string | null; reason: string | null },
    action: string,
  ): Promise<string[]> {
    const side = c.holder_side!;
    if (d.to) {
      await em.query(
        `INSERT INTO case_desks (case_id, side, role, user_id, authority_id, assigned_at, assigned_by)
         SELECT $1, $2, $3, u.id, u.authority_id, now(), $5 FROM users u WHERE u.id = $4
         ON CONFLICT (case_id, side, role) DO UPDATE SET user_id = EXCLUDED.user_id, authority_id = EXCLUDED.authority_id,
           assigned_at = EXCLUDED.assigned_at, assigned_by = EXCLUDED.assigned_by`,
        [c.id, side, c.holder_role, d.to, user.id],
      );
    } else {
      await em.query(`DELETE FROM case_desks WHERE case_id = $1 AND side = $2 AND role = $3`, [c.id, side, c.holder_role]);
    }
    const [event]: { id: string; at: Date }[] = await em.query(
      `INSERT INTO case_assignment_events (case_id, kind, side, role, stage, after_seq, user_id, previous_user_id, actor_id, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) RETURNING id, at`,
      [c.id, d.kind, side, c.holder_role, c.stage, c.last_seq, d.to, c.assignee, user.id, d.reason],
    );
    // The audit record rides on the case row, which also shows the new assignee.
    await this.audit.appendWithCaseUpdate(
      em,
      { set: 'holder_assignee_id = $2::uuid', where: 'h.id = $1::uuid', params: [c.id, d.to] },
      {
        caseId: c.id,
        action,
        actorId: user.id,
        details: {
          kind: d.kind,
          desk: { side, role: c.holder_role },
          assigneeId: d.to,
          previousAssigneeId: c.assignee,
          ...(d.reason ? { reason: d.reason } : {}),
          visibility: side,
        },
        idempotencyKey: `${c.id}:assignment:${event.id}`,
        occurredAt: event.at,
      },
    );
    const notices: Notice[] = [];
    const label = c.reference ? `Case ${c.reference}` : `Case ${c.id}`;
    const notice = (userId: string, message: string, suffix: string): Notice => ({
      caseId: c.id,
      sourceKey: `${c.id}:assignment:${event.id}:${suffix}`,
      kind: 'assignment',
      message,
      at: event.at.toISOString(),
      visibility: side,
      recipient: { role: c.holder_role!, jurisdiction: c.holder_jurisdiction!, authorityId: null, userId },
    });
    if (d.to && d.to !== user.id) notices.push(notice(d.to, `${label} was assigned to you`, 'to'));
    if (c.assignee && c.assignee !== user.id && c.assignee !== d.to) {
      notices.push(notice(c.assignee, `${label} is no longer assigned to you`, 'from'));
    }
    return this.notices.record(em, notices);
  }

  // Holds the desk's role in the holding state (and authority, when the holder names one).
  private onDesk(user: AuthUser, c: LockedCase): boolean {
    return (
      user.roles.includes(c.holder_role!) &&
      user.jurisdiction === c.holder_jurisdiction &&
      (c.holder_authority_id === null || c.holder_authority_id === user.authorityId)
    );
  }

  private requireDeskRole(user: AuthUser, c: LockedCase): void {
    if (!this.onDesk(user, c)) forbidden(`only a ${c.holder_role} of the authority that holds the case may take it`);
  }

  // A supervisor of the holding side: their office's when the holder names an office, their state's otherwise.
  private isSupervisorOf(user: AuthUser, c: LockedCase): boolean {
    if (!user.roles.includes('supervisor') || user.jurisdiction !== c.holder_jurisdiction) return false;
    if (supervisionScope(user) === 'authority') return c.holder_authority_id === user.authorityId;
    return c.holder_authority_id === null || c.holder_authority_id === user.authorityId;
  }

  private requireSupervisor(user: AuthUser, c: LockedCase): void {
    if (!this.isSupervisorOf(user, c)) forbidden('only a supervisor of the holding authority may do this');
  }

  // The assignee: an active colleague with the desk's role, in the caller's authority (or, for a
  // supervisor of the whole state, in any authority of it that may hold the case), who may see it.
  private async requireColleague(em: EntityManager, user: AuthUser, c: LockedCase, facts: CaseFacts, userId: string) {
    const [u]: Colleague[] = await em.query(
      `SELECT ${COLLEAGUE_COLUMNS} FROM users u JOIN authorities a ON a.id = u.authority_id WHERE u.id = $1 AND u.kind = 'user'`,
      [userId],
    );
    if (!u || !this.mayTake(user, c, facts, u)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'that user cannot take this case', [
        { field: 'userId', messages: [`must be an active ${c.holder_role} of the holding authority who may see the case`] },
      ]);
    }
  }

  private mayTake(user: AuthUser, c: LockedCase, facts: CaseFacts, u: Colleague): boolean {
    const sameAuthority =
      u.authority_id === user.authorityId ||
      (this.isSupervisorOf(user, c) && supervisionScope(user) === 'jurisdiction' && u.jurisdiction === user.jurisdiction);
    return (
      u.active &&
      sameAuthority &&
      u.roles.includes(c.holder_role!) &&
      u.jurisdiction === c.holder_jurisdiction &&
      (c.holder_authority_id === null || c.holder_authority_id === u.authority_id) &&
      canReadCase(
        { id: u.id, kind: 'user', authorityId: u.authority_id, authorityKind: u.kind, jurisdiction: u.jurisdiction, roles: [c.holder_role!], via: 'password', sessionId: null },
        facts,
      )
    );
  }
}

function conflict(detail: string): never {
  throw new ProblemException(HttpStatus.CONFLICT, 'Assignment not possible now', detail);
}

function forbidden(detail: string): never {
  throw new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', detail);
}
