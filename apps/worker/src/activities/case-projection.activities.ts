import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import { freezeTransmittedPackage, isTransmission } from '@comity/documents';
import { NotificationOutbox } from '@comity/notifications';
import { preparedQuery } from '@comity/persistence';
import { CASE_STEPS_CHANNEL, stepKey, type CaseDeadline, type CaseTransition, type DeadlineEvent } from '@comity/contracts';
import { RulesIndexSource } from './case-rules.activities';
import { deadlineNotices, transitionNotices } from './notifications/transition-notices';
import { caseColumns, closeSteps, newStepColumns } from './read-model/step-accounting';
import { withRedactedDbErrors } from './redact-db-error';

// Seen from the other case: the extradition an art. 4 case came from, and the reverse.
const INVERSE_RELATION: Record<string, string> = { extradition: 'domestic_prosecution', domestic_prosecution: 'extradition' };

function nextDue(deadlines: CaseDeadline[]): string | null {
  const open = deadlines.filter((d) => d.status === 'pending' || d.status === 'reminded' || d.status === 'breached');
  return open.length ? open.map((d) => d.dueAt).sort()[0] : null;
}

// Writes the read model and the audit trail. Each call is one transaction, idempotent on its
// key, so a retried activity (worker crash between commit and completion) never writes twice.
@Injectable()
export class CaseProjectionActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly rules: RulesIndexSource,
    // Notices are recorded in the projection's transaction; their webhooks and e-mails start
    // once it has committed.
    private readonly notices: NotificationOutbox,
  ) {}

  projectTransition(t: CaseTransition): Promise<void> {
    return withRedactedDbErrors('projectTransition', () => this.project(t));
  }

  recordDeadlineEvent(e: DeadlineEvent): Promise<void> {
    return withRedactedDbErrors('recordDeadlineEvent', () => this.recordEvent(e));
  }

  private async project(t: CaseTransition): Promise<void> {
    const due = nextDue(t.deadlines);
    const visibility = t.visibility ?? 'requesting';
    const { calendars } = await this.rules.index();
    const started = await this.dataSource.transaction(async (em) => {
      if (t.fromStage === null) await this.insertCase(em, t);
      const [c] = await preparedQuery<{ kind: string; transmitted_at: Date | null }>(
        em,
        `SELECT kind, transmitted_at FROM cases WHERE id = $1`,
        [t.caseId],
      );
      const step = newStepColumns(c.kind, t, c.transmitted_at !== null);
      // The step insert is the idempotency check: a retried transition writes nothing more.
      const written = await preparedQuery(
        em,
        `INSERT INTO case_steps (case_id, seq, from_stage, to_stage, outcome, action, actor_id, reason, at, due_at,
                                 holder_role, holder_side, holder_jurisdiction, holder_authority_id, details, visibility,
                                 holder_class, report_visibility, clock_stops)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (case_id, seq) DO NOTHING
         RETURNING seq`,
        [
          t.caseId, t.seq, t.fromStage, t.toStage, t.outcome, t.action, t.actorId, t.reason, t.at, due,
          t.holder.role, t.holder.side, t.holder.jurisdiction, t.holder.authorityId, JSON.stringify(t.details), visibility,
          step.holderClass, step.reportVisibility, JSON.stringify(step.clockStops),
        ],
      );
      if (written.length === 0) return [];
      // Wakes the api waiting to answer this decision (beginAction); delivered at commit only.
      await preparedQuery(em, `SELECT pg_notify($1, $2)`, [CASE_STEPS_CHANNEL, stepKey(t.caseId, t.seq)]);
      // Every open step before this one is left now (sequence numbers may have gaps: a
      // transition whose outcome the records never confirmed), with its delay accounting.
      await closeSteps(em, t, calendars);
      const accounting = caseColumns(c.kind, t);
      // The case row carries its audit chain's head, so the record rides on this update.
      await this.audit.appendWithCaseUpdate(
        em,
        {
          set: `stage = $2, outcome = $3, last_seq = $4, updated_at = $5,
                holder_role = $6, holder_side = $7, holder_jurisdiction = $8, holder_authority_id = $9,
                next_due_at = $10, overdue = $11, draft = $12, reference = COALESCE($13, reference),
                summary = $14, urgent = $15, needed_by = $16,
                transmitted_at = CASE WHEN ($2 = 'transmitted' OR $22) AND transmitted_at IS NULL THEN $5::timestamptz ELSE transmitted_at END,
                transmission = COALESCE($23::jsonb, transmission),
                submitted_evaluation_id = COALESCE($18, submitted_evaluation_id),
                transmitted_request = CASE WHEN ($2 = 'transmitted' OR $22) AND transmitted_request IS NULL THEN $17::jsonb
                                           ELSE transmitted_request END,
                closed_at = CASE WHEN $2 = 'closed' THEN $5::timestamptz ELSE NULL END,
                stage_entered_at = CASE WHEN stage IS DISTINCT FROM $2 OR stage_entered_at IS NULL THEN $5::timestamptz
                                        ELSE stage_entered_at END,
                holder_class = $19, legal_due_at = $20, supplementary_rounds = supplementary_rounds + $21`,
          // A late transition (an older seq) must not move the case back.
          where: `id = $1 AND last_seq < $4`,
          params: [
            t.caseId, t.toStage, t.outcome, t.seq, t.at, t.holder.role, t.holder.side, t.holder.jurisdiction,
            t.holder.authorityId, due, t.deadlines.some((d) => d.status === 'breached'),
            JSON.stringify(t.draft), t.draft.reference ?? null, t.draft.summary ?? null, t.draft.urgent ?? false,
            t.draft.neededBy ?? null,
            // What the requested side receives: the request frozen as transmitted, with its basis and channel.
            JSON.stringify({ draft: t.draft, basisId: t.details.basisId ?? null, channel: t.details.channel ?? null, at: t.at }),
            t.action === 'submit' ? (t.details.evaluationId ?? null) : null,
            accounting.holderClass, accounting.legalDueAt, accounting.newRound ? 1 : 0,
            // Every kind transmits with 'transmit'; from then on the requested side sees the case.
            t.action === 'transmit',
            t.details.transmission ? JSON.stringify(t.details.transmission) : null,
          ],
        },
        {
          caseId: t.caseId,
          action: `case.${t.action}`,
          actorId: t.actorId,
          details: { seq: t.seq, fromStage: t.fromStage, toStage: t.toStage, outcome: t.outcome, visibility, ...t.details },
          idempotencyKey: `${t.caseId}:${t.seq}`,
          occurredAt: new Date(t.at),
        },
      );
      await this.syncDeadlines(em, t);
      await this.insertLinks(em, t);
      // The shared documents go with the request, frozen with their manifest (issue #14).
      if (isTransmission(t.action)) await freezeTransmittedPackage(em, this.audit, t);
      // The person shown as holder: whoever is assigned to the desk (side and role) that holds it now.
      await preparedQuery(
        em,
        `UPDATE cases SET holder_assignee_id = (SELECT d.user_id FROM case_desks d
                                                WHERE d.case_id = $1 AND d.side = $2 AND d.role = $3)
         WHERE id = $1`,
        [t.caseId, t.holder.side, t.holder.role],
      );
      return this.notices.record(em, transitionNotices(t));
    });
    this.notices.startSoon(started);
  }

  // Links made at creation (an art. 4 case opened on a refusal) or by link_case, both ways; the
  // way back only once the other case is in the records (it writes its own on creation).
  private async insertLinks(em: EntityManager, t: CaseTransition): Promise<void> {
    const made = [
      ...((t.details.links as { caseId: string; relation: string }[] | undefined) ?? []),
      ...(t.details.link ? [t.details.link as { caseId: string; relation: string }] : []),
    ];
    for (const link of made) {
      const back = INVERSE_RELATION[link.relation] ?? link.relation;
      for (const [from, to, relation] of [
        [t.caseId, link.caseId, link.relation],
        [link.caseId, t.caseId, back],
      ]) {
        await preparedQuery(
          em,
          `INSERT INTO case_links (case_id, linked_case_id, relation, created_at)
           SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM cases WHERE id = $1)
           ON CONFLICT DO NOTHING`,
          [from, to, relation, t.at],
        );
      }
    }
  }

  // A reminder or an escalation: recorded once on the case and turned into a notification for
  // whoever holds the case (and, for escalations, their supervisors).
  private async recordEvent(e: DeadlineEvent): Promise<void> {
    const started = await this.dataSource.transaction(async (em) => {
      const { written } = await this.audit.appendWith(
        em,
        {
          sql: `INSERT INTO case_deadline_events (case_id, event_id, deadline_key, kind, due_at, at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
          params: [e.caseId, e.eventId, e.deadlineKey, e.kind, e.dueAt, e.at],
        },
        {
          caseId: e.caseId,
          action: `deadline.${e.kind}`,
          actorId: null,
          details: {
            deadlineKey: e.deadlineKey,
            dueAt: e.dueAt,
            holderRole: e.holder.role,
            holderJurisdiction: e.holder.jurisdiction,
            visibility: e.visibility ?? 'shared',
          },
          idempotencyKey: `${e.caseId}:deadline:${e.eventId}`,
          occurredAt: new Date(e.at),
        },
      );
      if (written === 0) return [];
      const status = e.kind === 'reminder' ? 'reminded' : 'breached';
      await preparedQuery(em, `UPDATE case_deadlines SET status = $3, updated_at = $4 WHERE case_id = $1 AND key = $2`, [
        e.caseId,
        e.deadlineKey,
        status,
        e.at,
      ]);
      if (e.kind === 'escalation') {
        await preparedQuery(em, `UPDATE cases SET overdue = true WHERE id = $1`, [e.caseId]);
      }
      return this.notices.record(em, deadlineNotices(e));
    });
    this.notices.startSoon(started);
  }

  private async insertCase(em: EntityManager, t: CaseTransition): Promise<void> {
    await preparedQuery(
      em,
      `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, outcome, last_seq, created_at, updated_at,
                          requesting_authority_id, created_by, sealed, urgent, request_hash)
       VALUES ($1, $9, $2, $3, $4, NULL, -1, $5, $5, $6, $7, false, false, $8)
       ON CONFLICT (id) DO NOTHING`,
      [t.caseId, t.requestingState, t.requestedState, t.toStage, t.at, t.requestingAuthorityId, t.createdBy, t.requestHash ?? null, t.kind ?? 'mla'],
    );
  }

  private async syncDeadlines(em: EntityManager, t: CaseTransition): Promise<void> {
    const keys = t.deadlines.map((d) => d.key);
    await preparedQuery(
      em,
      `UPDATE case_deadlines SET active = false, status = CASE WHEN status = 'breached' THEN status ELSE 'met' END,
              updated_at = $3, ended_by = $4
       WHERE case_id = $1 AND active AND NOT (key = ANY($2::text[]))`,
      [t.caseId, keys, t.at, t.action],
    );
    for (const d of t.deadlines) {
      await preparedQuery(
        em,
        `INSERT INTO case_deadlines (case_id, key, label, due_at, remind_at, on_breach, status, active, source, confidence,
                                     updated_at, visibility, unit, calendar_country)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (case_id, key) DO UPDATE SET
           due_at = EXCLUDED.due_at, remind_at = EXCLUDED.remind_at, status = EXCLUDED.status,
           active = true, updated_at = EXCLUDED.updated_at, ended_by = NULL,
           unit = EXCLUDED.unit, calendar_country = EXCLUDED.calendar_country`,
        [
          t.caseId, d.key, d.label, d.dueAt, d.remindAt, d.onBreach, d.status, d.source, d.confidence, t.at,
          d.visibility ?? 'shared', d.unit ?? null, d.calendarCountry ?? null,
        ],
      );
    }
  }
}
