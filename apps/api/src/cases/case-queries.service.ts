import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { allowedActions, machineFor, sideOf, type Holder, type Visibility } from '@comity/contracts';
import { canAct, caseFactsFromRow, caseVisibilityFilter, toActor, type AuthUser, type CaseFacts } from '@comity/auth';
import { isIsoInstant, isUuid } from '@comity/domain';
import { RulesDataStore } from '@comity/rules-store';
import { elapsedDays, type HolidayCalendars } from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';
import type { CaseDetail, CaseLinkView, CasePage, CaseSummary, DeadlineView, TimelineEntry } from './case-view';
import type { ListCasesQuery } from './dto/list-cases.query';

// Holidays change by an administrator's correction, not by the minute.
const CALENDARS_MAX_STALENESS_MS = 60_000;

export const SUMMARY_COLUMNS = `c.id, c.kind, c.reference, c.summary, c.requesting_state, c.requested_state, c.stage, c.outcome,
  c.holder_role, c.holder_side, c.holder_jurisdiction, c.holder_authority_id, c.urgent, c.needed_by, c.next_due_at,
  c.overdue, c.sealed, c.transmitted_at, c.created_at, c.updated_at, c.requesting_authority_id, c.holder_assignee_id,
  (SELECT ha.display_name FROM users ha WHERE ha.id = c.holder_assignee_id) AS holder_assignee_name`;

type CaseRow = Record<string, unknown> & { id: string; created_at: Date };

// Instants as the API writes them (UTC, milliseconds, Z), whether the driver gave a Date or a
// JSON aggregate gave PostgreSQL's text form.
function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

// The holder as `readerJurisdiction` may know it: the person assigned is named to the holder's
// own side only (an assignment is that side's internal business).
export function toSummary(r: CaseRow, readerJurisdiction: string): CaseSummary {
  const holder: CaseSummary['holder'] = r.holder_role
    ? {
        role: r.holder_role as Holder['role'],
        side: r.holder_side as Holder['side'],
        jurisdiction: String(r.holder_jurisdiction),
        authorityId: (r.holder_authority_id as string | null) ?? null,
        assignee:
          r.holder_assignee_id && r.holder_jurisdiction === readerJurisdiction
            ? { id: String(r.holder_assignee_id), name: String(r.holder_assignee_name ?? '') }
            : null,
      }
    : null;
  return {
    id: r.id,
    kind: String(r.kind),
    reference: (r.reference as string | null) ?? null,
    summary: (r.summary as string | null) ?? null,
    requestingState: String(r.requesting_state),
    requestedState: String(r.requested_state),
    stage: r.stage as CaseSummary['stage'],
    outcome: (r.outcome as CaseSummary['outcome']) ?? null,
    holder,
    urgent: Boolean(r.urgent),
    neededBy: (r.needed_by as string | null) ?? null,
    nextDueAt: iso(r.next_due_at),
    overdue: Boolean(r.overdue),
    sealed: Boolean(r.sealed),
    transmittedAt: iso(r.transmitted_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: iso(r.updated_at)!,
  };
}

function encodeCursor(r: CaseRow): string {
  return Buffer.from(JSON.stringify([r.created_at.toISOString(), r.id])).toString('base64url');
}

// A cursor is ours only if it decodes to exactly [instant, uuid]; anything else is refused
// before it reaches SQL.
function decodeCursor(cursor: string): [string, string] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && isIsoInstant(decoded[0]) && isUuid(decoded[1])) {
    return [decoded[0], decoded[1]];
  }
  throw new ProblemException(HttpStatus.BAD_REQUEST, 'Invalid cursor', 'cursor must come from a previous page', [
    { field: 'cursor', messages: ['must come from a previous page'] },
  ]);
}

// Reads of the case read model. Every query carries the caller's visibility filter, so a case
// they may not see is neither listed, counted nor found (404, never 403).
@Injectable()
export class CaseQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RulesDataStore,
  ) {}

  // One statement: the case, and the timeline entries and deadlines the reader's side may see
  // (each side its own and the shared ones), so a decision's answer costs one round trip.
  async get(user: AuthUser, caseId: string): Promise<CaseDetail> {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 3 });
    // A linked case is listed only if the reader may see it too.
    const linkVis = caseVisibilityFilter(user, { alias: 'lc', firstParam: 3 + vis.params.length });
    const [row] = await this.dataSource.query(
      `WITH c AS (
         SELECT ${SUMMARY_COLUMNS}, c.draft, c.transmitted_request, c.transmission,
                ARRAY(SELECT user_id FROM case_assignments a WHERE a.case_id = c.id) AS assigned,
                CASE WHEN c.requesting_state = $2 THEN ARRAY['shared', 'requesting']
                     WHEN c.requested_state = $2 THEN ARRAY['shared', 'requested']
                     ELSE ARRAY['shared'] END AS visible
         FROM cases c WHERE c.id = $1 AND ${vis.sql})
       SELECT c.*,
         (SELECT coalesce(json_agg(s ORDER BY s.seq), '[]') FROM (
            SELECT s.*, u.display_name AS actor_name, a.name AS actor_authority, a.jurisdiction AS actor_jurisdiction
            FROM case_steps s
            LEFT JOIN users u ON u.id::text = s.actor_id
            LEFT JOIN authorities a ON a.id = u.authority_id
            WHERE s.case_id = c.id AND s.visibility = ANY(c.visible)) s) AS steps,
         (SELECT coalesce(json_agg(e ORDER BY e.id), '[]') FROM (
            SELECT e.*, u.display_name AS actor_name, a.name AS actor_authority, a.jurisdiction AS actor_jurisdiction,
                   au.display_name AS assignee_name
            FROM case_assignment_events e
            LEFT JOIN users u ON u.id = e.actor_id
            LEFT JOIN authorities a ON a.id = u.authority_id
            LEFT JOIN users au ON au.id = e.user_id
            WHERE e.case_id = c.id AND e.side = ANY(c.visible)) e) AS assignment_rows,
         (SELECT coalesce(json_agg(d ORDER BY d.active DESC, d.due_at), '[]') FROM case_deadlines d
            WHERE d.case_id = c.id AND d.visibility = ANY(c.visible)) AS deadline_rows,
         (SELECT coalesce(json_agg(l ORDER BY l.created_at, l.linked_case_id), '[]') FROM (
            SELECT l.linked_case_id, l.relation, l.created_at, lc.kind, lc.reference, lc.stage
            FROM case_links l JOIN cases lc ON lc.id = l.linked_case_id
            WHERE l.case_id = c.id AND ${linkVis.sql}) l) AS link_rows
       FROM c`,
      [caseId, user.jurisdiction, ...vis.params, ...linkVis.params],
    );
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'Case not found');
    const side = sideOf(toActor(user), row.requesting_state, row.requested_state);
    const summary = toSummary(row, user.jurisdiction);
    const facts = caseFactsFromRow(row);
    return {
      ...summary,
      // The requested state reads the request as it was transmitted, never an earlier draft.
      draft: side === 'requesting' ? row.draft : (row.transmitted_request?.draft ?? {}),
      timeline: withAssignments(
        (row.steps as Record<string, unknown>[]).map((s) => toTimelineEntry(s, user.jurisdiction)),
        (row.assignment_rows as Record<string, unknown>[]).map((e) => toAssignmentEntry(e, user.jurisdiction)),
      ),
      deadlines: await this.deadlineViews(row.deadline_rows as Record<string, unknown>[]),
      allowedActions: summary.stage === 'closed' ? [] : this.allowed(user, summary, facts),
      transmission: (row.transmission as CaseDetail['transmission']) ?? null,
      links: (row.link_rows as Record<string, unknown>[]).map(toLinkView),
    };
  }

  // Business-day periods also say how many business days are left (the holidays of the country
  // whose calendar counts them); the rules' calendars are read only when a case has one running,
  // and a snapshot up to a minute old will do, so a case read (a decision's answer) costs no
  // extra round trip to check the rules' revision.
  private async deadlineViews(rows: Record<string, unknown>[]): Promise<DeadlineView[]> {
    const counting = rows.some((d) => d.unit === 'business' && d.active && d.calendar_country);
    const calendars = counting ? (await this.rules.index(CALENDARS_MAX_STALENESS_MS)).calendars : null;
    const now = new Date();
    return rows.map((d) => toDeadlineView(d, calendars, now));
  }

  /**
   * The request digest a visible case was opened with: undefined when the case is not (yet) in
   * the records, null when it was opened without an Idempotency-Key.
   */
  async requestHashOf(user: AuthUser, caseId: string): Promise<string | null | undefined> {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 2 });
    const [row] = await this.dataSource.query(`SELECT c.request_hash FROM cases c WHERE c.id = $1 AND ${vis.sql}`, [
      caseId,
      ...vis.params,
    ]);
    return row ? ((row.request_hash as string | null) ?? null) : undefined;
  }

  async list(user: AuthUser, q: ListCasesQuery): Promise<CasePage> {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 1 });
    const where: string[] = [vis.sql];
    const params: unknown[] = [...vis.params];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.stage) add((p) => `c.stage = ${p}`, q.stage);
    if (q.kind) add((p) => `c.kind = ${p}`, q.kind);
    if (q.pair) {
      const [from, to] = q.pair.split('-');
      add((p) => `c.requesting_state = ${p}`, from);
      add((p) => `c.requested_state = ${p}`, to);
    }
    if (q.overdue !== undefined) add((p) => `c.overdue = ${p}`, q.overdue);
    if (q.holderRole) add((p) => `c.holder_role = ${p}`, q.holderRole);
    if (q.holderJurisdiction) add((p) => `c.holder_jurisdiction = ${p}`, q.holderJurisdiction);
    if (q.createdFrom) add((p) => `c.created_at >= ${p}::timestamptz`, q.createdFrom);
    if (q.createdTo) add((p) => `c.created_at < (${p}::date + 1)`, q.createdTo);
    if (q.q) add((p) => `(c.reference ILIKE ${p} OR c.summary ILIKE ${p})`, `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);

    const filter = where.join(' AND ');
    const countParams = [...params];
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      params.push(at, id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const limit = q.limit ?? 25;
    params.push(limit + 1);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SUMMARY_COLUMNS} FROM cases c WHERE ${where.join(' AND ')}
         ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM cases c WHERE ${filter}`, countParams),
    ]);
    const page = (rows as CaseRow[]).slice(0, limit);
    return {
      items: page.map((r) => toSummary(r, user.jurisdiction)),
      total,
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  // Allowed for the caller: the workflow's rule for the stage, narrowed by the access policy
  // (own office, transmitted, sealed).
  private allowed(user: AuthUser, c: CaseSummary, facts: CaseFacts): string[] {
    const machine = machineFor(c.kind);
    return allowedActions(toActor(user), c.stage, c.requestingState, c.requestedState, c.kind).filter((action) =>
      canAct(user, machine.actions[action], facts),
    );
  }
}

// The actor as the reader may know them: name and authority on their own side, authority only
// across the border.
function actorOf(s: Record<string, unknown>, readerJurisdiction: string): TimelineEntry['actor'] {
  if (!s.actor_id) return null;
  const sameSide = s.actor_jurisdiction === readerJurisdiction;
  return {
    id: sameSide ? String(s.actor_id) : null,
    name: sameSide ? ((s.actor_name as string | null) ?? null) : null,
    authority: (s.actor_authority as string | null) ?? null,
    jurisdiction: (s.actor_jurisdiction as string | null) ?? null,
  };
}

function toTimelineEntry(s: Record<string, unknown>, readerJurisdiction: string): TimelineEntry {
  const actor = actorOf(s, readerJurisdiction);
  return {
    seq: Number(s.seq),
    action: String(s.action),
    fromStage: (s.from_stage as TimelineEntry['fromStage']) ?? null,
    toStage: s.to_stage as TimelineEntry['toStage'],
    outcome: (s.outcome as TimelineEntry['outcome']) ?? null,
    actorId: actor?.id ?? null,
    actor,
    visibility: s.visibility as Visibility,
    reason: (s.reason as string | null) ?? null,
    at: iso(s.at)!,
    leftAt: iso(s.left_at),
    dueAt: iso(s.due_at),
    // No one holds a case closed by an operator (cases:doctor terminate): null, as on the summary.
    holder: s.holder_role
      ? {
          role: s.holder_role as Holder['role'],
          side: s.holder_side as Holder['side'],
          jurisdiction: String(s.holder_jurisdiction),
          authorityId: (s.holder_authority_id as string | null) ?? null,
        }
      : null,
    details: (s.details as Record<string, unknown>) ?? {},
  };
}

// An assignment (claim, release, assign, reassign) as a timeline entry of its side, placed after
// the transition it followed (its seq).
function toAssignmentEntry(e: Record<string, unknown>, readerJurisdiction: string): TimelineEntry {
  const stage = e.stage as TimelineEntry['toStage'];
  return {
    seq: Number(e.after_seq),
    action: `assignment.${String(e.kind)}`,
    fromStage: stage,
    toStage: stage,
    outcome: null,
    actorId: actorOf(e, readerJurisdiction)?.id ?? null,
    actor: actorOf(e, readerJurisdiction),
    visibility: e.side as Visibility,
    reason: (e.reason as string | null) ?? null,
    at: iso(e.at)!,
    leftAt: null,
    dueAt: null,
    holder: null,
    details: {
      desk: { side: e.side, role: e.role },
      assignee: e.user_id ? { id: e.user_id, name: (e.assignee_name as string | null) ?? null } : null,
      previousAssigneeId: (e.previous_user_id as string | null) ?? null,
    },
  };
}

function withAssignments(steps: TimelineEntry[], assignments: TimelineEntry[]): TimelineEntry[] {
  if (assignments.length === 0) return steps;
  return [...steps, ...assignments].sort((a, b) => a.seq - b.seq || Date.parse(a.at) - Date.parse(b.at));
}

function toDeadlineView(d: Record<string, unknown>, calendars: HolidayCalendars | null, now: Date): DeadlineView {
  const unit = (d.unit as DeadlineView['unit']) ?? null;
  const dueAt = iso(d.due_at)!;
  const counted = unit === 'business' && calendars && d.active && d.calendar_country && Date.parse(dueAt) > now.getTime();
  return {
    unit,
    businessDaysLeft: counted ? elapsedDays(now, dueAt, String(d.calendar_country), calendars).businessDays : null,
    key: String(d.key),
    label: String(d.label),
    dueAt,
    remindAt: iso(d.remind_at),
    onBreach: String(d.on_breach),
    status: String(d.status),
    active: Boolean(d.active),
    source: String(d.source),
    confidence: String(d.confidence),
  };
}

function toLinkView(r: Record<string, unknown>): CaseLinkView {
  return {
    caseId: String(r.linked_case_id),
    kind: String(r.kind),
    relation: String(r.relation),
    reference: (r.reference as string | null) ?? null,
    stage: String(r.stage),
  };
}
