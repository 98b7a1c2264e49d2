// Writes a large, realistic read model straight to PostgreSQL for benchmarks (issue #13, B3):
// N MLA cases (default 1,000,000) over the last two years in all 20 country pairs, each with its
// step history (drafting, central-authority review, returns, translation, transmission,
// acknowledgement, execution with supplementary-information rounds and their clock stops,
// responses, refusals, withdrawals), delay accounting in calendar and business days of each
// holder's calendar, deadlines of the open cases (some breached), assignees, and the stage
// rollup, as the projection would have left them, behind a progress bar. Nothing here is run
// by npm test.
//
// Where the time goes (measured at 50,000 cases): generating the rows in JavaScript and the
// server parsing the ~10 step rows per case took about equal shares, one after the other, and
// each step row's foreign-key check and each line written to the socket on its own added to
// both. So each table gets one COPY for the whole load on a connection of its own, fed slice by
// slice (the server parses one slice while the next is generated), with triggers and foreign-key
// checks off (the rows are consistent by construction; the queue's counts are recounted at the
// end), indexes and unreferenced primary keys built after the load (several at once), and the tables vacuumed side by
// side.
//
//   bash scripts/run-ts.sh scripts/seed-scale.ts [--cases 1000000] [--database-url postgres://…/comity_b3]
//
// The database is created and migrated if needed; seeded rows are marked (reference SEED-…,
// authorities SEED-…) and the script refuses to run twice on the same database.
import 'reflect-metadata';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { ensureDatabase, holderClassOf, migrate, NO_AUTHORITY } from '../libs/persistence/src';
import { buildRulesIndex, loadBundledRulesData, type HolidayCalendars } from '../libs/treaty-rules/src';
import { prng } from './prng';

const STATES = ['MX', 'US', 'GT', 'HN', 'SV'] as const;
const OFFICES_PER_STATE = 5;
const OFFICERS_PER_AUTHORITY = 5;
// Cases generated between two writes to the COPY streams (and progress bar updates).
const SLICE = 2_000;
const DAY = 86_400_000;
const SPAN_DAYS = 730;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface Seeded {
  offices: Record<string, string[]>;
  centralAuthority: Record<string, string>;
  officers: Record<string, string[]>;
}

async function seedIdentities(db: Client): Promise<Seeded> {
  const out: Seeded = { offices: {}, centralAuthority: {}, officers: {} };
  for (const state of STATES) {
    out.offices[state] = [];
    for (let i = 1; i <= OFFICES_PER_STATE; i++) {
      const [row] = (
        await db.query(
          `INSERT INTO authorities (code, name, jurisdiction, kind) VALUES ($1, $2, $3, 'prosecutor_office') RETURNING id`,
          [`SEED-${state}-P${i}`, `Seed prosecuting office ${i} (${state})`, state],
        )
      ).rows;
      out.offices[state].push(row.id);
    }
    const [ca] = (
      await db.query(
        `INSERT INTO authorities (code, name, jurisdiction, kind) VALUES ($1, $2, $3, 'central_authority') RETURNING id`,
        [`SEED-${state}-CA`, `Seed central authority (${state})`, state],
      )
    ).rows;
    out.centralAuthority[state] = ca.id;
    out.officers[state] = [];
    for (let i = 1; i <= OFFICERS_PER_AUTHORITY; i++) {
      const [u] = (
        await db.query(
          `INSERT INTO users (kind, email, display_name, authority_id, roles) VALUES ('user', $1, $2, $3, '{central_authority}') RETURNING id`,
          [`seed.${state.toLowerCase()}.${i}@seed.comity.dev`, `Seed officer ${i} (${state})`, ca.id],
        )
      ).rows;
      out.officers[state].push(u.id);
    }
  }
  return out;
}

// Business days of each country counted up to each day, so a step's business days are one subtraction.
function businessDayCounts(calendars: HolidayCalendars, firstDay: number, lastDay: number): Record<string, Int32Array> {
  const out: Record<string, Int32Array> = {};
  for (const state of STATES) {
    const counts = new Int32Array(lastDay - firstDay + 1);
    let n = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      if (calendars.isBusinessDay(state, day)) n++;
      counts[day - firstDay] = n;
    }
    out[state] = counts;
  }
  return out;
}

type Stage =
  | 'draft'
  | 'central_authority_review'
  | 'translation'
  | 'ready_to_transmit'
  | 'transmitted'
  | 'acknowledged'
  | 'under_execution'
  | 'supplementary_information'
  | 'responded'
  | 'closed';

interface Visit {
  stage: Stage;
  action: string;
  days: number;
}

const SHARED_ACTIONS = new Set([
  'transmit', 'acknowledge', 'request_supplementary_information', 'answer_supplementary_information',
  'record_final_response', 'refuse', 'close', 'withdraw',
]);
const REQUESTED_ACTIONS = new Set(['begin_execution']);
const DUE_DAYS: Partial<Record<Stage, [string, number]>> = {
  central_authority_review: ['central-authority-review', 14],
  transmitted: ['acknowledgement-escalation', 90],
  under_execution: ['execution-target', 180],
  supplementary_information: ['supplementary-information', 30],
};

// A plausible life of a request: durations in days, returns, translation, rounds, and endings.
function lifeOf(r: () => number, translation: boolean): { visits: Visit[]; outcome: string } {
  const between = (lo: number, hi: number) => lo + (hi - lo) * r() * r();
  const v: Visit[] = [{ stage: 'draft', action: 'create', days: between(1, 30) }];
  v.push({ stage: 'central_authority_review', action: 'submit', days: between(1, 25) });
  if (r() < 0.15) {
    v.push({ stage: 'draft', action: 'return', days: between(1, 12) });
    v.push({ stage: 'central_authority_review', action: 'submit', days: between(1, 15) });
  }
  if (r() < 0.03) return { visits: [...v, { stage: 'closed', action: 'reject', days: 0 }], outcome: 'rejected' };
  if (translation) v.push({ stage: 'translation', action: 'approve', days: between(3, 35) });
  v.push({ stage: 'ready_to_transmit', action: translation ? 'record_translation' : 'approve', days: between(0.2, 8) });
  v.push({ stage: 'transmitted', action: 'transmit', days: between(2, 80) });
  v.push({ stage: 'acknowledged', action: 'acknowledge', days: between(1, 25) });
  if (r() < 0.05) return { visits: [...v, { stage: 'closed', action: 'refuse', days: 0 }], outcome: 'refused' };
  v.push({ stage: 'under_execution', action: 'begin_execution', days: between(20, 220) });
  const rounds = r() < 0.7 ? 0 : r() < 0.66 ? 1 : 2 + Math.floor(r() * 2);
  for (let i = 0; i < rounds; i++) {
    v.push({ stage: 'supplementary_information', action: 'request_supplementary_information', days: between(3, 45) });
    v.push({ stage: 'under_execution', action: 'answer_supplementary_information', days: between(10, 120) });
  }
  v.push({ stage: 'responded', action: 'record_final_response', days: between(1, 20) });
  if (r() < 0.03) {
    const cut = 1 + Math.floor(r() * (v.length - 1));
    return { visits: [...v.slice(0, cut), { stage: 'closed', action: 'withdraw', days: 0 }], outcome: 'withdrawn' };
  }
  return { visits: [...v, { stage: 'closed', action: 'close', days: 0 }], outcome: 'executed' };
}

function holderOf(stage: Stage, req: string, red: string, office: string) {
  if (stage === 'central_authority_review' || stage === 'translation' || stage === 'ready_to_transmit') {
    return { role: 'central_authority', side: 'requesting', jurisdiction: req, authorityId: null };
  }
  if (stage === 'transmitted' || stage === 'acknowledged' || stage === 'under_execution') {
    return { role: 'central_authority', side: 'requested', jurisdiction: red, authorityId: null };
  }
  return { role: 'prosecutor', side: 'requesting', jurisdiction: req, authorityId: office };
}

// COPY text format: tab-separated, \N for null, backslash escapes (only strings can need them).
const NEEDS_ESCAPE = /[\\\t\n]/;
function line(values: (string | number | boolean | null)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += '\t';
    if (v === null) out += '\\N';
    else if (typeof v !== 'string') out += String(v);
    else out += NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n') : v;
  }
  return out + '\n';
}

async function connect(url: string): Promise<Client> {
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(`SET synchronous_commit = off`);
  return db;
}

// One COPY into a table for the whole load, on a connection of its own, with triggers and
// foreign-key checks off for it (session_replication_role; a superuser's right: without it they
// stay on and the load is slower, not different).
class TableLoad {
  private constructor(
    private readonly db: Client,
    private readonly stream: Writable,
  ) {}

  static async open(url: string, table: string, columns: string[]): Promise<TableLoad> {
    const db = await connect(url);
    await db.query(`SET session_replication_role = replica`).catch(() => {
      process.stderr.write(`(${table}: not a superuser, so triggers and foreign-key checks stay on: slower, same rows)\n`);
    });
    return new TableLoad(db, db.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  }

  async write(lines: string[]): Promise<void> {
    if (lines.length > 0 && !this.stream.write(lines.join(''))) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
    await this.db.end();
  }
}

const CASE_COLUMNS = [
  'id', 'kind', 'requesting_state', 'requested_state', 'stage', 'outcome', 'last_seq', 'created_at', 'updated_at',
  'reference', 'requesting_authority_id', 'transmitted_at', 'urgent', 'needed_by', 'holder_role', 'holder_side',
  'holder_jurisdiction', 'holder_authority_id', 'next_due_at', 'overdue', 'closed_at', 'holder_class', 'stage_entered_at',
  'holder_assignee_id', 'supplementary_rounds',
];
const STEP_COLUMNS = [
  'case_id', 'seq', 'from_stage', 'to_stage', 'outcome', 'action', 'at', 'left_at', 'due_at', 'holder_role', 'holder_side',
  'holder_jurisdiction', 'holder_authority_id', 'visibility', 'holder_class', 'report_visibility', 'breached', 'clock_stops',
  'stopped_days', 'calendar_days', 'business_days', 'stage_left_at', 'stage_calendar_days', 'stage_business_days',
];
const DEADLINE_COLUMNS = [
  'case_id', 'key', 'label', 'due_at', 'on_breach', 'status', 'active', 'source', 'confidence', 'updated_at', 'visibility',
];

// The indexes of the tables the seed fills, and the primary keys no foreign key depends on
// (case_steps': ~10 rows a case): dropped while COPY runs (one bulk build each afterwards is far
// cheaper than millions of insertions) and rebuilt from their own definitions, so the database
// ends with exactly the migrations' indexes and constraints.
const BULK_TABLES = ['cases', 'case_steps', 'case_deadlines', 'stage_duration_rollup', 'stage_duration_hist'];

async function dropIndexesForLoad(db: Client): Promise<Map<string, string[]>> {
  const { rows } = await db.query<{ drop: string; rebuild: string; table: string }>(
    `SELECT format('DROP INDEX %I', i.indexname) AS drop, i.indexdef AS rebuild, i.tablename AS table FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
     UNION ALL
     SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', k.conrelid::regclass, k.conname),
            format('ALTER TABLE %I ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)),
            k.conrelid::regclass::text
     FROM pg_constraint k
     WHERE k.contype = 'p' AND k.conrelid::regclass::text = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = k.conrelid)`,
    [BULK_TABLES],
  );
  const byTable = new Map<string, string[]>();
  for (const r of rows) {
    await db.query(r.drop);
    byTable.set(r.table, [...(byTable.get(r.table) ?? []), r.rebuild]);
  }
  return byTable;
}

// Runs each list of statements on a connection of its own, the lists side by side (index builds
// of different tables, vacuums), with `setup` first on each connection.
async function sideBySide(url: string, lists: string[][], setup: string[] = []): Promise<void> {
  await Promise.all(
    lists.map(async (statements) => {
      const db = await connect(url);
      try {
        for (const sql of [...setup, ...statements]) await db.query(sql);
      } finally {
        await db.end();
      }
    }),
  );
}

async function loadTable(url: string, table: string, columns: string[], lines: string[]): Promise<void> {
  const load = await TableLoad.open(url, table, columns);
  await load.write(lines);
  await load.close();
}

// The stage rollup as the projection keeps it (libs/persistence stage-rollup.ts), counted while
// the visits are generated: one row per month, pair, office, kind, stage, holder, visibility,
// metric and whole days.
class RollupCounter {
  readonly byOffice = new Map<string, number>();
  /** stage_duration_hist: per key without the office, element d counts the visits of d days. */
  readonly byPair = new Map<string, number[]>();

  /** The first day of each day's month, by day number: formatting a date per visit was a tenth of the generation. */
  private readonly months = new Map<number, string>();

  add(leftAt: number, req: string, red: string, office: string, stage: string, holder: string, visibility: string, cal: number, bus: number) {
    const day = Math.floor(leftAt / DAY);
    let month = this.months.get(day);
    if (month === undefined) {
      month = new Date(day * DAY).toISOString().slice(0, 8) + '01';
      this.months.set(day, month);
    }
    const pair = `${month}\t${req}\t${red}`;
    const rest = `mla\t${stage}\t${holder}\t${visibility}`;
    this.count(`${pair}\t${office || NO_AUTHORITY}\t${rest}\tcalendar\t${cal}`, `${pair}\t${rest}\tcalendar`, cal);
    this.count(`${pair}\t${office || NO_AUTHORITY}\t${rest}\tbusiness\t${bus}`, `${pair}\t${rest}\tbusiness`, bus);
  }

  private count(officeKey: string, pairKey: string, days: number) {
    this.byOffice.set(officeKey, (this.byOffice.get(officeKey) ?? 0) + 1);
    let hist = this.byPair.get(pairKey);
    if (hist === undefined) this.byPair.set(pairKey, (hist = []));
    while (hist.length <= days) hist.push(0);
    hist[days] += 1;
  }

  static lines(counts: Map<string, number | number[]>): string[] {
    return [...counts.entries()].map(([key, n]) => `${key}\t${Array.isArray(n) ? `{${n.join(',')}}` : n}\n`);
  }
}

function progress(done: number, total: number, startedAt: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const elapsed = (Date.now() - startedAt) / 1000;
  const eta = done ? (elapsed / done) * (total - done) : 0;
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${((done / total) * 100).toFixed(1).padStart(5)}%  ` +
      `${done.toLocaleString('en')} / ${total.toLocaleString('en')} cases  ${elapsed.toFixed(0)} s elapsed, ~${eta.toFixed(0)} s left  `,
  );
}

export async function seedScale(url: string, total: number, seed = 13): Promise<{ cases: number; steps: number; seconds: number }> {
  await ensureDatabase(url);
  await migrate(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM authorities WHERE code LIKE 'SEED-%'`)).rows;
    if (n > 0) throw new Error('this database was seeded already; use a fresh one');
    const started = Date.now();
    const ids = await seedIdentities(db);
    const indexes = await dropIndexesForLoad(db);
    const rollup = new RollupCounter();
    const now = Date.now();
    const firstDay = Math.floor(now / DAY) - SPAN_DAYS - 1;
    const counts = businessDayCounts(buildRulesIndex(loadBundledRulesData()).calendars, firstDay, Math.floor(now / DAY) + 1);
    const businessDays = (state: string, fromMs: number, toMs: number) =>
      counts[state][Math.floor(toMs / DAY) - firstDay] - counts[state][Math.floor(fromMs / DAY) - firstDay];
    const r = prng(seed);
    // Time-ordered ids (the counter in the last group), so the indexes fill at their right edge.
    const run = Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0');
    let steps = 0;
    const [caseLoad, stepLoad, deadlineLoad] = await Promise.all([
      TableLoad.open(url, 'cases', CASE_COLUMNS),
      TableLoad.open(url, 'case_steps', STEP_COLUMNS),
      TableLoad.open(url, 'case_deadlines', DEADLINE_COLUMNS),
    ]);
    for (let offset = 0; offset < total; offset += SLICE) {
      const caseLines: string[] = [];
      const stepLines: string[] = [];
      const deadlineLines: string[] = [];
      for (let k = offset; k < Math.min(total, offset + SLICE); k++) {
        const id = `${run}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
        const req = STATES[Math.floor(r() * 5)];
        let red: string = STATES[Math.floor(r() * 4)];
        if (red === req) red = 'SV';
        if (red === req) red = 'MX';
        const office = ids.offices[req][Math.floor(r() * OFFICES_PER_STATE)];
        const created = now - r() * SPAN_DAYS * DAY;
        const { visits, outcome } = lifeOf(r, req === 'US' || red === 'US');
        let at = created;
        let transmitted: number | null = null;
        let seq = 0;
        let rounds = 0;
        let open: { visit: Visit; at: number; due: number | null; seq: number } | null = null;
        for (let i = 0; i < visits.length; i++) {
          const v = visits[i];
          const left = v.stage === 'closed' ? null : at + v.days * DAY;
          const stillOpen = left !== null && left > now;
          if (v.stage === 'transmitted' && transmitted === null) transmitted = at;
          if (v.stage === 'supplementary_information') rounds++;
          const holder = v.stage === 'closed' ? null : holderOf(v.stage, req, red, office);
          const dueSpec = DUE_DAYS[v.stage];
          const due = dueSpec ? at + dueSpec[1] * DAY : null;
          const leftAt = stillOpen ? null : left;
          const cal = leftAt === null ? null : Math.floor(leftAt / DAY) - Math.floor(at / DAY);
          const bus = leftAt === null || holder === null ? null : businessDays(holder.jurisdiction, at, leftAt);
          const stopped = v.stage === 'supplementary_information';
          const reportVisibility = transmitted === null ? 'requesting' : 'shared';
          if (leftAt !== null && holder !== null) {
            rollup.add(leftAt, req, red, office, v.stage, holderClassOf('mla', v.stage, holder)!, reportVisibility, cal!, bus!);
          }
          stepLines.push(
            line([
              id, seq, i === 0 ? null : visits[i - 1].stage, v.stage, v.stage === 'closed' ? outcome : null, v.action,
              new Date(at).toISOString(), leftAt === null ? null : new Date(leftAt).toISOString(),
              due === null ? null : new Date(due).toISOString(), holder?.role ?? null, holder?.side ?? null,
              holder?.jurisdiction ?? null, holder?.authorityId ?? null,
              SHARED_ACTIONS.has(v.action) ? 'shared' : REQUESTED_ACTIONS.has(v.action) ? 'requested' : 'requesting',
              holderClassOf('mla', v.stage, holder), reportVisibility,
              leftAt === null ? null : due !== null && leftAt > due,
              stopped ? JSON.stringify([leftAt === null ? { from: new Date(at).toISOString() } : { from: new Date(at).toISOString(), to: new Date(leftAt).toISOString() }]) : '[]',
              stopped && cal !== null ? cal : leftAt === null ? null : 0, cal, bus,
              leftAt === null ? null : new Date(leftAt).toISOString(), cal, bus,
            ]),
          );
          seq++;
          if (stillOpen || v.stage === 'closed') {
            if (stillOpen) open = { visit: v, at, due, seq: seq - 1 };
            break;
          }
          at = left!;
        }
        steps += seq;
        const closedAt = open === null ? at : null;
        const current = open?.visit.stage ?? 'closed';
        const holder = open ? holderOf(open.visit.stage, req, red, office) : null;
        const overdue = open?.due != null && open.due < now;
        const assignee =
          holder?.role === 'central_authority' && r() < 0.3 ? ids.officers[holder.jurisdiction][Math.floor(r() * OFFICERS_PER_AUTHORITY)] : null;
        const urgent = r() < 0.05;
        const neededBy = open && r() < 0.05 ? new Date(now + (r() * 120 - 20) * DAY).toISOString().slice(0, 10) : null;
        caseLines.push(
          line([
            id, 'mla', req, red, current, open ? null : outcome, seq - 1, new Date(created).toISOString(),
            new Date(open ? open.at : closedAt!).toISOString(), `SEED-${k}`, office,
            transmitted === null ? null : new Date(transmitted).toISOString(), urgent, neededBy, holder?.role ?? null,
            holder?.side ?? null, holder?.jurisdiction ?? null, holder?.authorityId ?? null,
            open?.due != null ? new Date(open.due).toISOString() : null, overdue,
            closedAt === null ? null : new Date(closedAt).toISOString(), holderClassOf('mla', current, holder),
            new Date(open ? open.at : closedAt!).toISOString(), assignee, rounds,
          ]),
        );
        if (open?.due != null) {
          const [key] = DUE_DAYS[open.visit.stage]!;
          deadlineLines.push(
            line([
              id, key, key, new Date(open.due).toISOString(), 'escalate', overdue ? 'breached' : 'pending', true, 'seed',
              'default', new Date(open.at).toISOString(), key === 'central-authority-review' ? 'requesting' : 'shared',
            ]),
          );
        }
      }
      await Promise.all([caseLoad.write(caseLines), stepLoad.write(stepLines), deadlineLoad.write(deadlineLines)]);
      progress(Math.min(total, offset + SLICE), total, started);
    }
    await Promise.all([caseLoad.close(), stepLoad.close(), deadlineLoad.close()]);
    const loaded = Date.now();
    process.stderr.write('\nWriting the stage rollups, rebuilding the indexes, vacuuming...\n');
    const key = ['month', 'requesting_state', 'requested_state', 'kind', 'stage', 'holder_class', 'visibility', 'metric'];
    await loadTable(url, 'stage_duration_rollup', [...key.slice(0, 3), 'requesting_authority_id', ...key.slice(3), 'days', 'n'], RollupCounter.lines(rollup.byOffice));
    await loadTable(url, 'stage_duration_hist', [...key, 'hist'], RollupCounter.lines(rollup.byPair));
    // The queue's counts, recounted once (the load ran without the trigger that keeps them).
    await db.query(`SELECT queue_counts_rebuild()`);
    await sideBySide(url, [...indexes.values()], [`SET maintenance_work_mem = '256MB'`]);
    const indexed = Date.now();
    // VACUUM sets the visibility map, so the queue's page and reports are index-only scans from
    // the start; the two big tables side by side, then everything else (and statistics).
    await sideBySide(url, [['VACUUM case_steps'], ['VACUUM cases']]);
    await db.query('VACUUM ANALYZE');
    const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(0)} s`;
    process.stderr.write(`Loaded in ${s(started, loaded)}, indexed in ${s(loaded, indexed)}, vacuumed in ${s(indexed, Date.now())}\n`);
    return { cases: total, steps, seconds: (Date.now() - started) / 1000 };
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  const url = arg('database-url', process.env.DATABASE_URL?.replace(/\/[^/]*$/, '/comity_b3') ?? 'postgres://postgres@127.0.0.1:5432/comity_b3');
  const total = Number(arg('cases', '1000000'));
  seedScale(url, total)
    .then((r) => console.log(`Seeded ${r.cases.toLocaleString('en')} cases and ${r.steps.toLocaleString('en')} steps in ${r.seconds.toFixed(0)} s`))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
