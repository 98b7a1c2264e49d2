import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { caseVisibilityFilter, type AuthUser } from '@comity/auth';
import { isUuid } from '@comity/domain';
import { SUMMARY_COLUMNS, toSummary } from '../cases/case-queries.service';
import type { CaseSummary } from '../cases/case-view';
import type { QueueQuery, QueueView } from './dto/queue.query';
import { decodeKeyset, encodeKeyset } from './keyset-cursor';

/** Why a case sits where it does in a queue: 0 breached, 1 a legal clock runs, 2 neededBy or urgent, 3 the rest. */
export const QUEUE_TIERS = ['breached', 'legal_clock', 'needed_by_or_urgent', 'due'] as const;

export interface QueueItem extends CaseSummary {
  urgency: (typeof QUEUE_TIERS)[number];
  assignee: { id: string; name: string } | null;
}

export interface QueueCounts {
  total: number;
  mine: number;
  unassigned: number;
  breached: number;
  legalClock: number;
  neededByOrUrgent: number;
}

export interface QueuePage {
  items: QueueItem[];
  counts: QueueCounts;
  nextCursor: string | null;
}

// The roles that hold cases; an administrator's role holds none.
const HOLDING_ROLES = new Set(['prosecutor', 'central_authority', 'supervisor']);

// The caller's work queue: open cases whose next action belongs to one of their roles in their
// state (and their authority, when the holder names one), that they may see, in urgency order
// (cases.queue_tier, queue_due_at: generated columns, see migration WorkQueues), keyset-paginated
// on (tier, due, id), which the partial index cases_queue_idx serves in order.
@Injectable()
export class QueueService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(user: AuthUser, q: QueueQuery): Promise<QueuePage> {
    const { roles, scopeFor, params: scopeParams } = queueScope(user);
    const params = [...scopeParams];
    const filters = [viewFilter(q.view ?? 'all')];
    if (q.cursor) {
      const [tier, due, id] = decodeKeyset<[number, string, string]>(q.cursor, [
        (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3,
        (v) => typeof v === 'string' && (v === 'infinity' || !Number.isNaN(Date.parse(v))),
        isUuid,
      ]);
      params.push(tier, due, id);
      const n = params.length;
      filters.push(`(c.queue_tier, c.queue_due_at, c.id) > ($${n - 2}::smallint, $${n - 1}::timestamptz, $${n}::uuid)`);
    }
    const limit = q.limit ?? 25;
    params.push(limit + 1);
    // One ordered range of cases_queue_idx per role, merged: an = ANY over the roles would read
    // every queued row and sort them.
    const perRole = roles.map(
      (_, i) => `(SELECT c.id, c.queue_tier, c.queue_due_at FROM cases c
         WHERE ${scopeFor(`($2::text[])[${i + 1}]`)} AND ${filters.join(' AND ')}
         ORDER BY c.queue_tier, c.queue_due_at, c.id LIMIT $${params.length})`,
    );
    const [rows, counts] = await Promise.all([
      roles.length === 0
        ? []
        : this.dataSource.query(
            `SELECT ${SUMMARY_COLUMNS}, c.queue_tier, c.queue_due_at::text AS queue_due, c.holder_assignee_id,
                    u.display_name AS assignee_name
             FROM (${perRole.join(' UNION ALL ')}) q
             JOIN cases c ON c.id = q.id
             LEFT JOIN users u ON u.id = c.holder_assignee_id
             ORDER BY q.queue_tier, q.queue_due_at, q.id LIMIT $${params.length}`,
            params,
          ),
      this.counts(user),
    ]);
    const page = (rows as QueueRow[]).slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ...toSummary(r, user.jurisdiction),
        urgency: QUEUE_TIERS[r.queue_tier],
        // The person is named to their own side only; a queue is always the caller's own side.
        assignee: r.holder_assignee_id ? { id: r.holder_assignee_id, name: r.assignee_name ?? '' } : null,
      })),
      counts,
      nextCursor: rows.length > limit ? encodeKeyset([last.queue_tier, last.queue_due, last.id]) : null,
    };
  }

  /**
   * How many cases the caller's queue holds, by assignment and urgency: from the summary, or
   * (`raw`, the benchmark's baseline) by counting the cases themselves, which must agree.
   */
  async counts(user: AuthUser, source: 'summary' | 'raw' = 'summary'): Promise<QueueCounts> {
    const { scopeFor, params } = queueScope(user);
    const sql =
      source === 'raw'
        ? countsSql('SELECT c.queue_tier, c.holder_assignee_id, 1 FROM cases c WHERE ' + scopeFor('ANY($2::text[])'))
        : summaryCountsSql(user, scopeFor('ANY($2::text[])'), params.length + 1);
    const [r] = await this.dataSource.query(sql, [
      ...params,
      ...(source === 'raw' ? [] : summaryVisibility(user, 'k', params.length + 1).params),
    ]);
    return {
      total: r.total,
      mine: r.mine,
      unassigned: r.unassigned,
      breached: r.breached,
      legalClock: r.legal_clock,
      neededByOrUrgent: r.needed_by_or_urgent,
    };
  }
}

// The caller's queue: $1 their state, $2 their holding roles, $3 their authority, $4 the caller,
// then the visibility filter's parameters; `scopeFor(role)` selects the open cases held by that
// role (an SQL expression over $2) that the caller may see.
function queueScope(user: AuthUser) {
  const roles = user.roles.filter((r) => HOLDING_ROLES.has(r));
  const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 5 });
  const scopeFor = (role: string) => `c.closed_at IS NULL AND c.holder_jurisdiction = $1 AND c.holder_role = ${role}
    AND (c.holder_authority_id IS NULL OR c.holder_authority_id = $3) AND $4::uuid IS NOT NULL AND ${vis.sql}`;
  return { roles, scopeFor, params: [user.jurisdiction, roles, user.authorityId, user.id, ...vis.params] as unknown[] };
}

type QueueRow = Parameters<typeof toSummary>[0] & {
  queue_tier: number;
  queue_due: string;
  holder_assignee_id: string | null;
  assignee_name: string | null;
};

// $3 is the caller's authority, $4 the caller.
function viewFilter(view: QueueView): string {
  switch (view) {
    case 'all':
      return 'TRUE';
    case 'mine':
      return 'c.holder_assignee_id = $4';
    case 'unassigned':
      return 'c.holder_assignee_id IS NULL';
    case 'authority':
      return `(c.holder_authority_id = $3 OR EXISTS (SELECT 1 FROM users a WHERE a.id = c.holder_assignee_id AND a.authority_id = $3))`;
  }
}

function summaryVisibility(user: AuthUser, alias: string, firstParam: number) {
  return caseVisibilityFilter(user, { alias, firstParam, shape: 'unsealed-counts' });
}

// The counts over `queued` (queue_tier, holder_assignee_id, n): $4 is the caller.
function countsSql(queued: string): string {
  return `
    WITH queued (queue_tier, holder_assignee_id, n) AS (${queued})
    SELECT COALESCE(sum(n), 0)::int AS total,
           COALESCE(sum(n) FILTER (WHERE holder_assignee_id = $4), 0)::int AS mine,
           COALESCE(sum(n) FILTER (WHERE holder_assignee_id IS NULL), 0)::int AS unassigned,
           COALESCE(sum(n) FILTER (WHERE queue_tier = 0), 0)::int AS breached,
           COALESCE(sum(n) FILTER (WHERE queue_tier = 1), 0)::int AS legal_clock,
           COALESCE(sum(n) FILTER (WHERE queue_tier = 2), 0)::int AS needed_by_or_urgent
    FROM queued`;
}

// The summary's rows (queue_counts, kept by a trigger on cases, see migration QueueCounts) and
// its pending changes for the caller's queue keys, plus the sealed cases, which the summary
// leaves out: only the people assigned to one may see it, so they are found from the caller's
// assignments. The summary's visibility parameters start at `firstParam`.
function summaryCountsSql(user: AuthUser, casesInScope: string, firstParam: number): string {
  const keyScope = (k: string) =>
    `${k}.holder_jurisdiction = $1 AND ${k}.holder_role = ANY($2::text[])
     AND (${k}.holder_authority_id IS NULL OR ${k}.holder_authority_id = $3)
     AND ${summaryVisibility(user, k, firstParam).sql}`;
  return countsSql(`
    SELECT k.queue_tier, k.holder_assignee_id, k.n FROM queue_counts k WHERE ${keyScope('k')}
    UNION ALL
    SELECT k.queue_tier, k.holder_assignee_id, k.delta FROM queue_count_changes k WHERE ${keyScope('k')}
    UNION ALL
    SELECT c.queue_tier, c.holder_assignee_id, 1 FROM case_assignments sa JOIN cases c ON c.id = sa.case_id
    WHERE sa.user_id = $4 AND c.sealed AND ${casesInScope}`);
}
