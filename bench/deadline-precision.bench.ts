// Deadline precision (issue #12): N extradition cases (provisional arrest, US to MX) whose 60-day
// formal-request windows close 5 to 120 s ahead, through the test-only duration scale
// (COMITY_TEST_DEADLINE_SCALE: a day lasts 2 s), served by two worker processes as deployed
// (BENCH_WORKERS=1 for a single one), each crashed (SIGKILL) and restarted in turn during the
// waits. Then, from the read model: every alert (15, 7 and 2 days before) and the breach fired
// exactly once per case, each noticed once to each of its recipients, the lapse
// recorded once on the timeline; and the lag of each, the instant the workflow fired it minus the
// instant it was due. The due instants are the planner's own (the worker's activity, run here on
// the same rules and scale), so a missing, moved or repeated alert shows.
// Run: BENCH_N=500 npx ts-node --transpile-only -r tsconfig-paths/register bench/deadline-precision.bench.ts
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildRulesIndex, loadBundledRulesData } from '@comity/treaty-rules';
import { CaseRulesActivities } from '../apps/worker/src/activities/case-rules.activities';
import { DeadlineScale } from '../apps/worker/src/activities/deadline-scale';
import { extraditionDraft } from '../test/support/us-to-mx';
import { fmt, percentiles, run, runBench, startStack, type Stack } from './support/stack';
import { timerBaseline } from './support/timer-baseline';

const N = Number(process.env.BENCH_N ?? 500);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const DAY_MS = 86_400_000;
const SCALE = 2_000 / DAY_MS;
const WINDOW_S = { first: 5, last: 118 };
/**
 * What the windows are ahead of. `setup` (default): the end of the setup, a start the bench sets
 * BENCH_ARRESTS_S (default N/10) seconds after the first arrest, so the arrests are recorded
 * before the waits (alerts due earlier still fire among them, or at once when past on entry);
 * `arrest`: each arrest as it is recorded, the arrests of large N then going on during the waits.
 */
const WINDOWS_FROM = process.env.BENCH_WINDOWS_FROM ?? 'setup';
const ARRESTS_S = Number(process.env.BENCH_ARRESTS_S ?? Math.ceil(N / 10));
/** Seconds after the start of the waits at which a worker (each in turn) is killed and started again. */
const CRASHES_S = [30, 90];
// Restarted as deployed (compiled, prebuilt workflow bundle), so a restart costs what it would.
const BUILT_WORKER = 'dist/apps/worker/src/main.js';
const FORMAL_REQUEST = 'formal-request';
const LAPSE = 'formal_request_window_lapsed';

interface Outage {
  from: number;
  to: number;
}

async function main(): Promise<void> {
  // Read by the worker processes the stack spawns (and by every restart: they inherit it).
  process.env.COMITY_TEST_DEADLINE_SCALE = String(SCALE);
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} missing: run npm run build first`);
  const stack = await startStack('deadlines', { workers: WORKERS });
  // Closed on failure too: its api, worker and Temporal server are processes of their own.
  try {
    const [prosecutor, usCentral, mxCentral] = await Promise.all(['prosecutor.us', 'central.us', 'central.mx'].map((u) => stack.token(u)));
    const act = async (id: string, action: string, auth: string, body: object = {}) => {
      const res = await fetch(`${stack.baseUrl}/api/v1/cases/${id}/actions/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    const baseline = await timerBaseline(stack);

    // Up to the requested side's arrest: drafted, approved, transmitted (not timed).
    const ids: string[] = [];
    const t0 = performance.now();
    await run(N, 8, async () => {
      const res = await fetch(`${stack.baseUrl}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: prosecutor },
        body: JSON.stringify({ kind: 'extradition', requestedState: 'MX', draft: extraditionDraft({ requestType: 'provisional_arrest' }) }),
      });
      if (res.status !== 201) throw new Error(`POST /cases: ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      await act(id, 'submit', prosecutor);
      await act(id, 'approve', usCentral);
      await act(id, 'transmit', usCentral, {
        transmission: { channel: 'diplomatic_note', referenceNumber: 'DOS-LEI-BENCH', sentAt: new Date(Date.now() - 60 * DAY_MS).toISOString() },
      });
      ids.push(id);
    });
    console.log(`${N} cases transmitted in ${fmt((performance.now() - t0) / 1000)} s`);

    // The arrests: each dated so that its window closes WINDOW_S seconds (scaled) after the start
    // of the waits (WINDOWS_FROM), spread evenly over the range (the end of the arrest's day adds
    // up to one scaled day, 2 s). The crashes run on their own clock from that start, arrests
    // possibly still being recorded. With a single worker, each waits for the arrests under way and holds the next ones
    // until a worker polls again, so only the timers are what a crash interrupts; with replicas the
    // survivors go on taking them, as deployed.
    const t1 = performance.now();
    const gate = new Gate();
    if (!['setup', 'arrest'].includes(WINDOWS_FROM)) throw new Error(`BENCH_WINDOWS_FROM=${WINDOWS_FROM}: setup or arrest`);
    const waitsFrom = WINDOWS_FROM === 'setup' ? Date.now() + ARRESTS_S * 1000 : null;
    const crashes = crashAt(stack, waitsFrom ?? Date.now(), CRASHES_S, gate);
    // Each case's instants also go on bare Temporal timers, as the baseline of this machine's load.
    const expected: Expected[] = [];
    const load = [loadavg()[0]];
    await run(N, 8, async (i) => {
      const ahead = WINDOW_S.first + ((WINDOW_S.last - WINDOW_S.first) * i) / Math.max(1, N - 1);
      await gate.through(async () => {
        // Scaled from the stage's entry (about now): the window closes `ahead` s after waitsFrom.
        const now = Date.now();
        const closes = (waitsFrom ?? now) + ahead * 1000;
        const arrestedAt = new Date(now - 60 * DAY_MS + (closes - now) / SCALE).toISOString();
        await act(ids[i], 'record_arrest', mxCentral, { arrestedAt, place: 'Ciudad de México' });
      });
      const events = await expectedEvents(stack, ids[i]);
      expected.push(...events);
      await baseline.start([events.map((e) => e.dueAt).sort((a, b) => a - b)]);
    });
    const arrestsDone = Date.now();
    console.log(
      `${N} arrests recorded in ${fmt((performance.now() - t1) / 1000)} s` +
        (waitsFrom === null ? '' : `, ${fmt((waitsFrom - arrestsDone) / 1000)} s before the waits began (BENCH_ARRESTS_S=${ARRESTS_S})`),
    );
    const outages = await crashes;
    await settle(stack, Math.max(...expected.map((e) => e.dueAt)));
    load.push(loadavg()[0]);
    report(await check(stack, expected), outages, arrestsDone, await baseline.lags(), load);
  } finally {
    await stack.close();
  }
}

// Holds calls while it is closed and tells when none is under way.
class Gate {
  private open: Promise<void> = Promise.resolve();
  private release = () => {};
  private underWay = 0;

  async through(call: () => Promise<void>): Promise<void> {
    await this.open;
    this.underWay++;
    try {
      await call();
    } finally {
      this.underWay--;
    }
  }

  async close(): Promise<void> {
    this.open = new Promise((r) => (this.release = r));
    while (this.underWay > 0) await new Promise((r) => setTimeout(r, 20));
  }

  reopen(): void {
    this.release();
  }
}

// SIGKILL of one worker (each in turn), then a new one (as deployed) in its place at once; each
// outage lasts until it polls. The cases the dead one had cached go to any worker once their
// sticky queue times out (WORKER_STICKY_TIMEOUT_MS).
async function crashAt(stack: Stack, origin: number, seconds: number[], gate: Gate): Promise<Outage[]> {
  const outages: Outage[] = [];
  for (const [k, at] of seconds.entries()) {
    await new Promise((r) => setTimeout(r, Math.max(0, origin + at * 1000 - Date.now())));
    const alone = WORKERS === 1;
    if (alone) await gate.close();
    const from = Date.now();
    await stack.restartWorker({}, BUILT_WORKER, 'SIGKILL', k % WORKERS);
    outages.push({ from, to: Date.now() });
    if (alone) gate.reopen();
    console.log(`worker ${k % WORKERS} of ${WORKERS} killed at +${fmt((from - origin) / 1000)} s and polling again ${fmt((Date.now() - from) / 1000)} s later`);
  }
  return outages;
}

interface Expected {
  caseId: string;
  eventId: string;
  kind: 'reminder' | 'escalation';
  /** When it was due: its planned instant, or the stage entry when that was later (an alert already past). */
  dueAt: number;
  /** An alert whose instant had passed when the arrest was recorded: due at once. */
  pastAtEntry: boolean;
  /** Notifications it sends: the holder and the other side's central authority, plus a supervisor on a breach. */
  notices: number;
}

const index = buildRulesIndex(loadBundledRulesData());
const unused = { keep: () => Promise.reject(new Error('planning keeps no evaluation')) };
const planner = new CaseRulesActivities({ index: async () => index }, unused, new DeadlineScale(SCALE));

// What the planner gave the case on its arrest (the stage entry the timeline records).
async function expectedEvents(stack: Stack, caseId: string): Promise<Expected[]> {
  const rows: { case_id: string; at: Date; arrested_at: string; draft: object; basis_id: string | null }[] = await stack.db.query(
    `SELECT c.id AS case_id, a.at, a.details->>'arrestedAt' AS arrested_at, c.draft, s.details->>'basisId' AS basis_id
       FROM cases c
       JOIN case_steps a ON a.case_id = c.id AND a.action = 'record_arrest'
       JOIN case_steps s ON s.case_id = c.id AND s.action = 'submit'
      WHERE c.id = $1`,
    [caseId],
  );
  const events: Expected[] = [];
  for (const r of rows) {
    const at = r.at.toISOString();
    const { deadlines } = await planner.planCaseDeadlines({
      caseId: r.case_id,
      kind: 'extradition',
      stage: 'awaiting_formal_request',
      requestingState: 'US',
      requestedState: 'MX',
      draft: r.draft,
      basisId: r.basis_id,
      at,
      events: { 'provisional-arrest': r.arrested_at, 'provisional-arrest-notified': r.arrested_at },
    });
    const window = deadlines.find((d) => d.key === FORMAL_REQUEST);
    if (!window?.remindAt) throw new Error(`case ${r.case_id}: no formal-request window with alerts was planned`);
    const entered = r.at.getTime();
    const event = (kind: Expected['kind'], eventId: string, instant: string, notices: number): Expected => ({
      caseId: r.case_id,
      eventId: `${FORMAL_REQUEST}:${window.dueAt}:${eventId}`,
      kind,
      dueAt: Math.max(Date.parse(instant), entered),
      pastAtEntry: Date.parse(instant) < entered,
      notices,
    });
    for (const alert of [window.remindAt, ...(window.alerts ?? [])]) events.push(event('reminder', `reminder:${alert}`, alert, 2));
    events.push(event('escalation', 'escalation', window.dueAt, 3));
  }
  return events;
}

// Until every case has had its lapse, then a little longer for anything late or repeated.
async function settle(stack: Stack, lastDue: number): Promise<void> {
  const giveUp = lastDue + 180_000;
  for (;;) {
    const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM cases WHERE stage <> 'release_decision'`);
    if (n === 0 || Date.now() > giveUp) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 10_000));
}

interface Checked {
  lags: { ms: number; dueAt: number }[];
  missing: string[];
  unexpected: string[];
  wrongNotices: string[];
  lapses: { n: number; cases: number };
  reminders: number;
  escalations: number;
  pastAtEntry: number;
}

async function check(stack: Stack, expected: Expected[]): Promise<Checked> {
  const recorded: { case_id: string; event_id: string; at: Date; notices: number }[] = await stack.db.query(
    `SELECT e.case_id, e.event_id, e.at,
            (SELECT count(*)::int FROM notifications n WHERE n.source_key LIKE e.case_id || ':' || e.event_id || ':%') AS notices
       FROM case_deadline_events e`,
  );
  const byKey = new Map(recorded.map((r) => [`${r.case_id} ${r.event_id}`, r]));
  const wanted = new Set(expected.map((e) => `${e.caseId} ${e.eventId}`));
  const lags: Checked['lags'] = [];
  const missing: string[] = [];
  const wrongNotices: string[] = [];
  for (const e of expected) {
    const r = byKey.get(`${e.caseId} ${e.eventId}`);
    if (!r) {
      missing.push(`${e.caseId} ${e.eventId}`);
      continue;
    }
    if (r.notices !== e.notices) wrongNotices.push(`${e.caseId} ${e.eventId}: ${r.notices} notifications`);
    lags.push({ ms: r.at.getTime() - e.dueAt, dueAt: e.dueAt });
  }
  const [lapses] = await stack.db.query(
    `SELECT count(*)::int AS n, count(DISTINCT case_id)::int AS cases FROM case_steps WHERE action = $1`,
    [LAPSE],
  );
  return {
    lags,
    missing,
    unexpected: recorded.filter((r) => !wanted.has(`${r.case_id} ${r.event_id}`)).map((r) => `${r.case_id} ${r.event_id}`),
    wrongNotices,
    lapses,
    reminders: expected.filter((e) => e.kind === 'reminder').length,
    escalations: expected.filter((e) => e.kind === 'escalation').length,
    pastAtEntry: expected.filter((e) => e.pastAtEntry).length,
  };
}

function report(c: Checked, outages: Outage[], arrestsDone: number, baseline: number[], load: number[]): void {
  const row = (name: string, lags: number[]) => {
    if (lags.length === 0) return `| ${name} | 0 | | |`;
    const p = percentiles(lags);
    return `| ${name} | ${lags.length} | ${fmt(p.p50)} / ${fmt(p.p95)} / ${fmt(p.p99)} | ${fmt(Math.max(...lags))} |`;
  };
  const during = (t: number) => outages.some((o) => t >= o.from && t <= o.to);
  console.log(
    `Deadline precision: ${N} extradition cases, windows ${WINDOW_S.first}-${WINDOW_S.last} s ahead (a day lasts ${fmt(SCALE * DAY_MS / 1000)} s), ` +
      `windows ahead of ${WINDOWS_FROM === 'setup' ? 'the end of the setup' : 'each arrest'}, ` +
      `${WORKERS} worker process(es), one killed and restarted ${outages.length} times (down ${outages.map((o) => fmt((o.to - o.from) / 1000)).join(', ')} s), ` +
      `WORKER_STICKY_TIMEOUT_MS=${process.env.WORKER_STICKY_TIMEOUT_MS ?? 'unset (10000)'}`,
  );
  console.log(
    `expected ${c.reminders} alerts (${c.pastAtEntry} already due at the arrest's entry) and ${c.escalations} breaches; ` +
      `missing ${c.missing.length}, unexpected ${c.unexpected.length}, wrong notification count ${c.wrongNotices.length}; ` +
      `lapse steps ${c.lapses.n} on ${c.lapses.cases} cases`,
  );
  for (const problem of [...c.missing, ...c.unexpected, ...c.wrongNotices].slice(0, 20)) console.log(`  ${problem}`);
  console.log('| events | n | lag p50 / p95 / p99 (ms) | max (ms) |');
  console.log('|---|---|---|---|');
  console.log(row('all', c.lags.map((l) => l.ms)));
  console.log(row('due while a worker was down', c.lags.filter((l) => during(l.dueAt)).map((l) => l.ms)));
  console.log(row('due while every worker ran', c.lags.filter((l) => !during(l.dueAt)).map((l) => l.ms)));
  // After a crash, the cases the dead worker had cached wait for their sticky queue to time out.
  const afterCrash = (t: number) => outages.some((o) => t >= o.from && t <= o.from + 10_000);
  console.log(row('due in the 10 s after a crash', c.lags.filter((l) => afterCrash(l.dueAt)).map((l) => l.ms)));
  const otherwise = c.lags.filter((l) => !afterCrash(l.dueAt) && !during(l.dueAt)).map((l) => l.ms);
  console.log(row('due otherwise', otherwise));
  // The arrests' own load (each an Update, a plan and a projection) competes with the first alerts.
  console.log(row('due while arrests were still recorded', c.lags.filter((l) => l.dueAt <= arrestsDone).map((l) => l.ms)));
  console.log(row('baseline: bare Temporal timers, the same instants still ahead when set', baseline));
  const [o, b] = [percentiles(otherwise), percentiles(baseline)];
  console.log(
    `lag ratio to the baseline, due otherwise: p50 ${(o.p50 / b.p50).toFixed(2)}, p99 ${(o.p99 / b.p99).toFixed(2)}; ` +
      `load average (1 min, ${cpus().length} CPUs) ${load.map((l) => l.toFixed(1)).join(' then ')}`,
  );
  if (process.env.BENCH_DEBUG) {
    const t0 = outages[0]?.from ?? 0;
    for (const l of [...c.lags].sort((a, b) => a.dueAt - b.dueAt)) console.log(`due ${fmt((l.dueAt - t0) / 1000)} s lag ${l.ms}`);
  }
  const exact = c.missing.length === 0 && c.unexpected.length === 0 && c.wrongNotices.length === 0 && c.lapses.n === N && c.lapses.cases === N;
  console.log(exact ? 'every alert and breach fired exactly once' : 'NOT exactly once (see above)');
  if (!exact) process.exitCode = 1;
}

runBench(main);
