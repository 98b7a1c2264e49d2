import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { caseVisibilityFilter, type AuthUser } from '@comity/auth';
import { LEGAL_CLOCKS, LEGAL_CLOCK_KEYS, NO_AUTHORITY } from '@comity/persistence';
import { ProblemException } from '../../common/problem';
import type { FormatQuery, PeriodQuery, StageTimesQuery, TopQuery } from '../dto/report.query';
import { distribution, type Bin } from './percentiles';
import { rollupScope, stepScope } from './report-scope';

// Days in the current stage; width_bucket() below uses the lower bounds after the first.
export const AGING_BUCKETS = [
  { key: 'days0to7', label: '0-7' },
  { key: 'days8to30', label: '8-30' },
  { key: 'days31to90', label: '31-90' },
  { key: 'days91to180', label: '91-180' },
  { key: 'days181plus', label: '181+' },
] as const;

export interface Period {
  from: string;
  to: string;
  /** First instant of `from`, and of the month after `to` (UTC). */
  start: string;
  end: string;
}

export function periodOf(q: PeriodQuery, now = new Date()): Period {
  const to = q.to ?? now.toISOString().slice(0, 7);
  const toStart = new Date(`${to}-01T00:00:00Z`);
  const from = q.from ?? new Date(Date.UTC(toStart.getUTCFullYear(), toStart.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  const start = new Date(`${from}-01T00:00:00Z`);
  const end = new Date(Date.UTC(toStart.getUTCFullYear(), toStart.getUTCMonth() + 1, 1));
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  if (months < 1 || months > 120) {
    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'the period must run forward, at most 10 years', [
      { field: 'from', messages: ['must not be after to, and at most 120 months before it'] },
    ]);
  }
  return { from, to, start: start.toISOString(), end: end.toISOString() };
}

function iso(v: unknown): string | null {
  return v === null || v === undefined ? null : new Date(v as string).toISOString();
}

// The reader's side of a case, from its states: $J is the reader's jurisdiction.
const readerSide = (j: string) =>
  `CASE WHEN c.requesting_state = ${j} THEN 'requesting' WHEN c.requested_state = ${j} THEN 'requested' END`;

type StageRow = { group_key: string; stage: string; days: number; n: string };

// A row of stage_duration_hist as bins: element d+1 of `hist` counts the visits of d days.
function* binsOf(hist: number[]): Generator<{ days: number; n: number }> {
  for (let i = 0; i < hist.length; i++) if (hist[i]) yield { days: i, n: hist[i] };
}

// Delay reports. Every one runs under the caller's scope exactly as GET /cases does (the SQL
// visibility filter, or its equivalent over the rollup), and counts only the steps the caller's
// side may see. The stage reports read stage_duration_rollup and add, from the raw rows, the
// sealed cases the caller is assigned to (which the rollup leaves out).
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open cases with a breached deadline, oldest breach first, with who holds each. */
  async overdue(user: AuthUser, q: TopQuery) {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 4 });
    const rows = await this.dataSource.query(
      `SELECT c.id, c.kind, c.reference, c.requesting_state, c.requested_state, c.stage, c.next_due_at, c.stage_entered_at,
              c.holder_role, c.holder_side, c.holder_jurisdiction, c.holder_authority_id, c.holder_class,
              a.name AS holder_authority,
              CASE WHEN c.holder_side = ${readerSide('$1')} THEN u.display_name END AS assignee_name,
              CASE WHEN c.holder_side = ${readerSide('$1')} THEN c.holder_assignee_id END AS assignee_id
       FROM cases c
       LEFT JOIN authorities a ON a.id = c.holder_authority_id
       LEFT JOIN users u ON u.id = c.holder_assignee_id
       WHERE c.overdue AND c.closed_at IS NULL AND ($2::text IS NULL OR c.kind = $2) AND $3::int > 0 AND ${vis.sql}
       ORDER BY c.next_due_at, c.id LIMIT $3`,
      [user.jurisdiction, q.kind ?? null, q.limit ?? 100, ...vis.params],
    );
    const now = Date.now();
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        caseId: r.id as string,
        kind: r.kind as string,
        reference: (r.reference as string | null) ?? null,
        pair: `${r.requesting_state}-${r.requested_state}`,
        stage: r.stage as string,
        dueAt: iso(r.next_due_at),
        daysOverdue: r.next_due_at ? Math.floor((now - new Date(r.next_due_at as string).getTime()) / 86_400_000) : 0,
        stageEnteredAt: iso(r.stage_entered_at),
        holderRole: (r.holder_role as string | null) ?? null,
        holderSide: (r.holder_side as string | null) ?? null,
        holderJurisdiction: (r.holder_jurisdiction as string | null) ?? null,
        holderClass: (r.holder_class as string | null) ?? null,
        holderAuthority: (r.holder_authority as string | null) ?? null,
        assigneeId: (r.assignee_id as string | null) ?? null,
        assigneeName: (r.assignee_name as string | null) ?? null,
      })),
    };
  }

  /** Open cases per stage, by how long they have been in it. */
  async aging(user: AuthUser, q: FormatQuery) {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 2 });
    const rows: { stage: string; bucket: number; n: number }[] = await this.dataSource.query(
      `SELECT c.stage, width_bucket(floor(extract(epoch FROM now() - c.stage_entered_at) / 86400), ARRAY[8, 31, 91, 181]) AS bucket,
              count(*)::int AS n
       FROM cases c
       WHERE c.closed_at IS NULL AND c.stage_entered_at IS NOT NULL AND ($1::text IS NULL OR c.kind = $1) AND ${vis.sql}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [q.kind ?? null, ...vis.params],
    );
    const stages = new Map<string, number[]>();
    for (const r of rows) {
      const counts = stages.get(r.stage) ?? AGING_BUCKETS.map(() => 0);
      counts[r.bucket] = r.n;
      stages.set(r.stage, counts);
    }
    return {
      buckets: AGING_BUCKETS.map((b) => b.label),
      items: [...stages.entries()].map(([stage, counts]) => ({
        stage,
        total: counts.reduce((s, n) => s + n, 0),
        ...Object.fromEntries(AGING_BUCKETS.map((b, i) => [b.key, counts[i]])),
      })),
    };
  }

  /** Median, p90 and mean days per stage visit, per country pair or requesting office, over a period. */
  async stageTimes(user: AuthUser, q: StageTimesQuery, source: 'rollup' | 'raw' = 'rollup') {
    const period = periodOf(q);
    const groupBy = q.groupBy ?? 'pair';
    const metric = q.metric ?? 'calendar';
    const rows =
      source === 'rollup'
        ? [...(await this.stageHistogramFromRollup(user, q, period)), ...(await this.stageHistogramFromSteps(user, q, period, true))]
        : await this.stageHistogramFromSteps(user, q, period, false);
    const groups = new Map<string, Map<number, number>>();
    for (const r of rows) {
      const key = `${r.group_key}|${r.stage}`;
      const bins = groups.get(key) ?? new Map<number, number>();
      bins.set(r.days, (bins.get(r.days) ?? 0) + Number(r.n));
      groups.set(key, bins);
    }
    const names = groupBy === 'authority' ? await this.authorityNames([...groups.keys()].map((k) => k.split('|')[0])) : new Map();
    const items = [...groups.entries()]
      .map(([key, bins]) => {
        const [group, stage] = key.split('|');
        const sorted: Bin[] = [...bins.entries()].sort(([a], [b]) => a - b).map(([days, n]) => ({ days, n }));
        const d = distribution(sorted);
        return {
          group,
          ...(groupBy === 'authority' ? { authorityName: names.get(group) ?? null } : {}),
          stage,
          visits: d.count,
          meanDays: d.mean,
          medianDays: d.median,
          p90Days: d.p90,
        };
      })
      .sort((a, b) => a.group.localeCompare(b.group) || a.stage.localeCompare(b.stage));
    return { from: period.from, to: period.to, groupBy, metric, items };
  }

  // The group of a row: its pair, or its requesting office ('none' when it has none; the rollup
  // keeps that as NO_AUTHORITY, its key being not null).
  private groupColumn(groupBy: 'pair' | 'authority', alias: 'r' | 'c'): string {
    if (groupBy === 'pair') return `${alias}.requesting_state || '-' || ${alias}.requested_state`;
    const office = alias === 'r' ? `NULLIF(r.requesting_authority_id, '${NO_AUTHORITY}'::uuid)` : 'c.requesting_authority_id';
    return `COALESCE(${office}::text, 'none')`;
  }

  // State-wide readers grouping by pair read the histograms by pair (about a thousand rows a
  // year); a scope or a grouping by office reads the rollup by office.
  private async stageHistogramFromRollup(user: AuthUser, q: StageTimesQuery, period: Period): Promise<StageRow[]> {
    const scope = rollupScope(user, 5);
    const groupBy = q.groupBy ?? 'pair';
    const params = [period.start.slice(0, 10), period.end.slice(0, 10), q.metric ?? 'calendar', q.kind ?? null, ...scope.params];
    const where = `r.month >= $1::date AND r.month < $2::date AND r.metric = $3 AND ($4::text IS NULL OR r.kind = $4) AND ${scope.sql}`;
    if (scope.byOffice || groupBy === 'authority') {
      return this.dataSource.query(
        `SELECT ${this.groupColumn(groupBy, 'r')} AS group_key, r.stage, r.days, sum(r.n) AS n
         FROM stage_duration_rollup r WHERE ${where} GROUP BY 1, 2, 3`,
        params,
      );
    }
    const rows: { group_key: string; stage: string; hist: number[] }[] = await this.dataSource.query(
      `SELECT ${this.groupColumn('pair', 'r')} AS group_key, r.stage, r.hist FROM stage_duration_hist r WHERE ${where}`,
      params,
    );
    return rows.flatMap((r) => [...binsOf(r.hist)].map((b) => ({ group_key: r.group_key, stage: r.stage, days: b.days, n: String(b.n) })));
  }

  // From the raw rows: every visit the caller may see (the baseline the rollup is measured
  // against), or only those of sealed cases (which the rollup leaves out).
  private stageHistogramFromSteps(user: AuthUser, q: StageTimesQuery, period: Period, sealedOnly: boolean): Promise<StageRow[]> {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 5 });
    const days = (q.metric ?? 'calendar') === 'business' ? 's.stage_business_days' : 's.stage_calendar_days';
    return this.dataSource.query(
      `SELECT ${this.groupColumn(q.groupBy ?? 'pair', 'c')} AS group_key, s.to_stage AS stage, ${days} AS days, count(*) AS n
       FROM case_steps s JOIN cases c ON c.id = s.case_id
       WHERE s.stage_left_at >= $1::timestamptz AND s.stage_left_at < $2::timestamptz AND ${days} IS NOT NULL
         AND ($3::text IS NULL OR c.kind = $3)
         AND ${sealedOnly ? `c.sealed AND c.id IN (SELECT ca.case_id FROM case_assignments ca WHERE ca.user_id = $${vis.nextParam})` : 'TRUE'}
         AND ${stepScope('$4')} AND ${vis.sql}
       GROUP BY 1, 2, 3`,
      [period.start, period.end, q.kind ?? null, user.jurisdiction, ...vis.params, ...(sealedOnly ? [user.id] : [])],
    );
  }

  private async authorityNames(ids: string[]): Promise<Map<string, string>> {
    const uuids = [...new Set(ids)].filter((id) => id !== 'none');
    if (uuids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id::text, name FROM authorities WHERE id = ANY($1::uuid[])`,
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Per month: cases opened, cases closed, and the median calendar days from opening to closing. */
  async trend(user: AuthUser, q: PeriodQuery) {
    const period = periodOf(q);
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 4 });
    const rows = await this.dataSource.query(
      `WITH months AS (SELECT generate_series($1::timestamptz, $2::timestamptz - interval '1 month', interval '1 month') AS m),
       opened AS (
         SELECT date_trunc('month', c.created_at AT TIME ZONE 'UTC') AS m, count(*)::int AS n FROM cases c
         WHERE c.created_at >= $1 AND c.created_at < $2 AND ($3::text IS NULL OR c.kind = $3) AND ${vis.sql} GROUP BY 1),
       closed AS (
         SELECT date_trunc('month', c.closed_at AT TIME ZONE 'UTC') AS m, count(*)::int AS n,
                percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY (c.closed_at AT TIME ZONE 'UTC')::date - (c.created_at AT TIME ZONE 'UTC')::date) AS median
         FROM cases c
         WHERE c.closed_at >= $1 AND c.closed_at < $2 AND ($3::text IS NULL OR c.kind = $3) AND ${vis.sql} GROUP BY 1)
       SELECT to_char(months.m AT TIME ZONE 'UTC', 'YYYY-MM') AS month, COALESCE(o.n, 0) AS opened, COALESCE(x.n, 0) AS closed,
              x.median
       FROM months
       LEFT JOIN opened o ON o.m = months.m AT TIME ZONE 'UTC'
       LEFT JOIN closed x ON x.m = months.m AT TIME ZONE 'UTC'
       ORDER BY 1`,
      [period.start, period.end, q.kind ?? null, ...vis.params],
    );
    return {
      from: period.from,
      to: period.to,
      items: rows.map((r: Record<string, unknown>) => ({
        month: r.month as string,
        opened: Number(r.opened),
        closed: Number(r.closed),
        medianDaysToClose: r.median === null ? null : Math.round(Number(r.median) * 100) / 100,
      })),
    };
  }

  /**
   * Where the waiting piles up, by kind of holder: the calendar days of the stage visits that
   * ended in the period, plus the days the open cases have waited so far in their current stage.
   */
  async bottlenecks(user: AuthUser, q: PeriodQuery) {
    const period = periodOf(q);
    const scope = rollupScope(user, 4);
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 4 });
    const visOpen = caseVisibilityFilter(user, { alias: 'c', firstParam: 2 });
    const [completed, sealed, open] = await Promise.all([
      this.completedByHolder(scope, period, q.kind ?? null),
      this.dataSource.query(
        `SELECT COALESCE(s.holder_class, 'none') AS holder_class, sum(s.stage_calendar_days)::bigint AS days, count(*)::bigint AS visits
         FROM case_steps s JOIN cases c ON c.id = s.case_id
         WHERE c.sealed AND c.id IN (SELECT ca.case_id FROM case_assignments ca WHERE ca.user_id = $${vis.nextParam + 1})
           AND s.stage_left_at >= $1::timestamptz AND s.stage_left_at < $2::timestamptz
           AND ($3::text IS NULL OR c.kind = $3) AND ${stepScope(`$${vis.nextParam}`)} AND ${vis.sql}
         GROUP BY 1`,
        [period.start, period.end, q.kind ?? null, ...vis.params, user.jurisdiction, user.id],
      ),
      this.dataSource.query(
        `SELECT COALESCE(c.holder_class, 'none') AS holder_class, count(*)::bigint AS cases,
                sum((now() AT TIME ZONE 'UTC')::date - (c.stage_entered_at AT TIME ZONE 'UTC')::date)::bigint AS days
         FROM cases c
         WHERE c.closed_at IS NULL AND c.stage_entered_at IS NOT NULL AND ($1::text IS NULL OR c.kind = $1) AND ${visOpen.sql}
         GROUP BY 1`,
        [q.kind ?? null, ...visOpen.params],
      ),
    ]);
    const by = new Map<string, { completedDays: number; completedVisits: number; openCases: number; openDays: number }>();
    const entry = (k: string) => {
      const e = by.get(k) ?? { completedDays: 0, completedVisits: 0, openCases: 0, openDays: 0 };
      by.set(k, e);
      return e;
    };
    for (const r of [...completed, ...sealed]) {
      const e = entry(r.holder_class);
      e.completedDays += Number(r.days);
      e.completedVisits += Number(r.visits);
    }
    for (const r of open) {
      const e = entry(r.holder_class);
      e.openCases += Number(r.cases);
      e.openDays += Number(r.days);
    }
    const items = [...by.entries()]
      .map(([holderClass, e]) => ({ holderClass, waitingDays: e.completedDays + e.openDays, ...e }))
      .sort((a, b) => b.waitingDays - a.waitingDays || a.holderClass.localeCompare(b.holderClass))
      .map((e, i) => ({ rank: i + 1, ...e }));
    return { from: period.from, to: period.to, items };
  }

  // Calendar days and visits of the stage visits that ended in the period, per holder class.
  private async completedByHolder(
    scope: ReturnType<typeof rollupScope>,
    period: Period,
    kind: string | null,
  ): Promise<{ holder_class: string; days: number; visits: number }[]> {
    const params = [period.start.slice(0, 10), period.end.slice(0, 10), kind, ...scope.params];
    const where = `r.month >= $1::date AND r.month < $2::date AND r.metric = 'calendar' AND ($3::text IS NULL OR r.kind = $3) AND ${scope.sql}`;
    if (scope.byOffice) {
      return this.dataSource.query(
        `SELECT r.holder_class, sum(r.days * r.n)::bigint AS days, sum(r.n)::bigint AS visits
         FROM stage_duration_rollup r WHERE ${where} GROUP BY 1`,
        params,
      );
    }
    const rows: { holder_class: string; hist: number[] }[] = await this.dataSource.query(
      `SELECT r.holder_class, r.hist FROM stage_duration_hist r WHERE ${where}`,
      params,
    );
    const by = new Map<string, { holder_class: string; days: number; visits: number }>();
    for (const r of rows) {
      const e = by.get(r.holder_class) ?? { holder_class: r.holder_class, days: 0, visits: 0 };
      for (const b of binsOf(r.hist)) {
        e.days += b.days * b.n;
        e.visits += b.n;
      }
      by.set(r.holder_class, e);
    }
    return [...by.values()];
  }

  /** The cases with the most supplementary-information rounds. */
  async supplementaryRounds(user: AuthUser, q: TopQuery) {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 3 });
    const rows = await this.dataSource.query(
      `SELECT c.id, c.reference, c.kind, c.requesting_state, c.requested_state, c.stage, c.supplementary_rounds
       FROM cases c
       WHERE c.supplementary_rounds > 0 AND ($1::text IS NULL OR c.kind = $1) AND ${vis.sql}
       ORDER BY c.supplementary_rounds DESC, c.id LIMIT $2`,
      [q.kind ?? null, q.limit ?? 100, ...vis.params],
    );
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        caseId: r.id as string,
        reference: (r.reference as string | null) ?? null,
        kind: r.kind as string,
        pair: `${r.requesting_state}-${r.requested_state}`,
        stage: r.stage as string,
        rounds: Number(r.supplementary_rounds),
      })),
    };
  }

  /**
   * Legal windows (provisional arrest: the formal request in time; surrender) per window and
   * pair, for the windows due in the period: met by their act in time, missed (breached), ended
   * another way (withdrawn, consent, death, refused) and still running (or paused).
   */
  async legalDeadlines(user: AuthUser, q: PeriodQuery) {
    const period = periodOf(q);
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 7 });
    const metBy = LEGAL_CLOCK_KEYS.map((key) => LEGAL_CLOCKS[key].metBy);
    const rows = await this.dataSource.query(
      `WITH windows AS (
         SELECT d.key, c.requesting_state || '-' || c.requested_state AS pair,
                CASE WHEN d.status = 'breached' THEN 'missed'
                     WHEN d.active THEN 'running'
                     WHEN d.ended_by = ($6::text[])[array_position($1::text[], d.key)] THEN 'met'
                     ELSE 'ended' END AS outcome
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id
         WHERE d.key = ANY($1::text[]) AND d.due_at >= $2 AND d.due_at < $3 AND ($4::text IS NULL OR c.kind = $4)
           AND d.visibility IN ('shared', ${readerSide('$5')}) AND ${vis.sql})
       SELECT key, pair,
              count(*) FILTER (WHERE outcome = 'met')::int AS met,
              count(*) FILTER (WHERE outcome = 'missed')::int AS missed,
              count(*) FILTER (WHERE outcome = 'ended')::int AS ended,
              count(*) FILTER (WHERE outcome = 'running')::int AS running
       FROM windows GROUP BY 1, 2 ORDER BY 1, 2`,
      [LEGAL_CLOCK_KEYS, period.start, period.end, q.kind ?? null, user.jurisdiction, metBy, ...vis.params],
    );
    return {
      from: period.from,
      to: period.to,
      items: rows.map((r: Record<string, unknown>) => ({
        window: LEGAL_CLOCKS[r.key as string].window,
        deadlineKey: r.key as string,
        pair: r.pair as string,
        met: Number(r.met),
        missed: Number(r.missed),
        ended: Number(r.ended),
        running: Number(r.running),
      })),
    };
  }
}
