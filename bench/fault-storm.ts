// Fault storm (issues #10 and #12): drives STORM_CASES cases (default 200; half MLA, half
// extradition, see support/storm-plan.ts) through scripted lifecycles over HTTP, twice from the
// same seed: a control run with no faults, then a storm run during which the worker and the api are
// SIGKILLed at random moments (each at least 10 times, restarted at once), the Temporal dev server
// is restarted once (while extraditions wait in their formal-request windows and other cases have
// clocks running) and PostgreSQL once. Then every case of the storm must match its control twin
// (stage, outcome, timeline, audit records, deadlines, reminders and escalations, notifications,
// links and the art. 4 case a refusal opened, workflow state), no step or audit record may be
// duplicated or lost, every audit chain must verify, and every workflow must agree with its read
// model. Exits non-zero on any mismatch.
//
//   npm run storm                       # 200 cases, both runs (about 12 minutes on 2 busy cores)
//   STORM_CASES=10 npm run storm        # a quick one
//
// Knobs: STORM_CASES (200), STORM_SEED (20260), STORM_CLIENTS (8 concurrent clients),
// STORM_API_KILLS / STORM_WORKER_KILLS (12 each), STORM_PAIRED_KILLS (3 more: the api and the
// worker killed at the same instant, on top of the others), STORM_RUNS (both | control | storm),
// STORM_SOURCE (head: the committed code, git archive of HEAD, with the storm's own files as they
// are in the work tree | tree: the working tree as it is
// at start), STORM_DIR (run directory; default a new temp dir), STORM_KEEP=1 (keep the databases),
// STORM_SETTLE_MS (90000), STORM_HTTP_TIMEOUT_MS (30000), STORM_EPOCH (the instant the
// extradition scripts count their dates from; default noon UTC today).
//
// The apps run from a snapshot of the source taken at start, so edits made to the tree during a
// run (which can take a while) never reach a restarted worker halfway through.
import 'reflect-metadata';
import { execFileSync, execSync, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { seedIdentity } from '@comity/auth';
import { dataSourceOptions, migrate } from '@comity/persistence';
import { loadRulesDocuments } from '@comity/rules-store';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  driveCase,
  emailOf,
  StormClient,
  type Anomaly,
  type CaseResult,
  type ClientStats,
} from './support/storm-client';
import { collectFacts, compareRuns, type RunFacts } from './support/storm-check';
import { sleep, stormPlatform, type ManagedProcess, type StormPlatform } from './support/storm-infra';
import { countSteps, prng, stormPlan, type CasePlan } from './support/storm-plan';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const CASES = env('STORM_CASES', 200);
const SEED = env('STORM_SEED', 20260);
const CLIENTS = env('STORM_CLIENTS', 8);
const API_KILLS = env('STORM_API_KILLS', 12);
const WORKER_KILLS = env('STORM_WORKER_KILLS', 12);
const PAIRED_KILLS = env('STORM_PAIRED_KILLS', 3);
// Longer than the api or the worker takes to come back on a loaded machine (about 35 s): a
// same-stage action sent before a crash lands once the worker is back, and must not be sent twice.
const SETTLE_MS = env('STORM_SETTLE_MS', 90_000);
const HTTP_TIMEOUT_MS = env('STORM_HTTP_TIMEOUT_MS', 30_000);
const RUNS = process.env.STORM_RUNS ?? 'both';
const today = new Date();
// Noon: the arrests the scripts date days back leave every alert of their windows at least half a day off.
const EPOCH = process.env.STORM_EPOCH
  ? Date.parse(process.env.STORM_EPOCH)
  : Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12);
const NAMESPACE = 'comity-storm';
const REQUIRED = { apiKills: 10, workerKills: 10, temporalRestarts: 1, postgresRestarts: 1 };
const STORM_FILES = [
  'bench/fault-storm.ts',
  'bench/support/storm-infra.ts',
  'bench/support/storm-plan.ts',
  'bench/support/storm-client.ts',
  'bench/support/storm-check.ts',
  'bench/support/storm-documents.ts',
];

// ---------------------------------------------------------------------------------------------
// Stage 1 (in the work tree): snapshot the source and run stage 2 from the snapshot.

function snapshotAndRun(): void {
  const repo = join(__dirname, '..');
  const runDir = process.env.STORM_DIR ?? mkdtempSync(join(tmpdir(), 'comity-storm-'));
  mkdirSync(runDir, { recursive: true });
  // The embedded PostgreSQL runs as the postgres user when started by root: it must reach its data dir.
  chmodSync(runDir, 0o755);
  const src = join(runDir, 'src');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const mode = process.env.STORM_SOURCE ?? 'head';
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
  let description: string;
  if (mode === 'tree') {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    })
      .split('\0')
      .filter((f) => f && existsSync(join(repo, f)));
    for (const f of files) {
      mkdirSync(dirname(join(src, f)), { recursive: true });
      copyFileSync(join(repo, f), join(src, f));
    }
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length;
    description = `working tree at ${new Date().toISOString()} (HEAD ${commit}, ${dirty} changed paths)`;
  } else if (mode === 'head') {
    execSync(`git archive HEAD | tar -x -C ${JSON.stringify(src)}`, {
      cwd: repo,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    // The storm's own files come from the work tree (the storm as it is being written), the code
    // it tests from HEAD.
    const overlaid: string[] = [];
    for (const f of STORM_FILES) {
      const from = join(repo, f);
      const to = join(src, f);
      if (!existsSync(from) || (existsSync(to) && readFileSync(from).equals(readFileSync(to)))) continue;
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
      overlaid.push(f);
    }
    description = `HEAD ${commit}${overlaid.length ? ` (storm files from the work tree: ${overlaid.length})` : ''}`;
  } else {
    throw new Error(`STORM_SOURCE must be head or tree, not ${mode}`);
  }
  symlinkSync(join(repo, 'node_modules'), join(src, 'node_modules'));
  console.log(`fault storm: run directory ${runDir}; source ${description}`);
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/fault-storm.ts'],
    {
      cwd: src,
      env: {
        ...process.env,
        STORM_STAGE: 'run',
        STORM_RUN_DIR: runDir,
        STORM_SOURCE_DESCRIPTION: description,
      },
      stdio: 'inherit',
    },
  );
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------
// Stage 2 (in the snapshot): the runs.

interface FaultEvent {
  kind: 'api_kill' | 'worker_kill' | 'paired_kill' | 'temporal_restart' | 'postgres_restart';
  at: string;
  /** Fraction of the script's steps done when it struck. */
  progress: number;
  pid?: number;
  /** Until the process answered again. */
  downMs: number;
  startAttempts: number;
  /** Clocks running in the records when it struck (Temporal restarts). */
  pending?: { formalRequestWindows: number; deadlines: number };
}

interface RunOutcome {
  name: string;
  wallMs: number;
  loadMs: number;
  stats: ClientStats;
  results: CaseResult[];
  faults: FaultEvent[];
  facts: RunFacts;
  processStarts: Record<string, number>;
}

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function prepareDatabase(databaseUrl: string): Promise<void> {
  await migrate(databaseUrl);
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    await seedIdentity(ds, {
      demo: true,
      adminJurisdiction: 'US',
      adminEmail: ADMIN_EMAIL,
      adminPassword: ADMIN_PASSWORD,
    });
    await loadRulesDocuments(ds);
  } finally {
    await ds.destroy();
  }
}

// Restarts a process until it is ready again; only a run that cannot get it back at all fails.
async function restart(p: ManagedProcess, events: string[]): Promise<number> {
  let attempts = 0;
  const started = Date.now();
  for (;;) {
    attempts += 1;
    try {
      await p.start();
      return attempts;
    } catch (err) {
      events.push(`${p.name} start attempt ${attempts} failed: ${(err as Error).message.split('\n')[0]}`);
      if (Date.now() - started > 5 * 60_000) throw err;
      await sleep(Math.min(10_000, 1000 * attempts));
    }
  }
}

async function runOnce(
  name: string,
  plans: CasePlan[],
  withFaults: boolean,
  runDir: string,
  temporalCli: string,
): Promise<RunOutcome> {
  const dir = join(runDir, name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'data'), 0o755);
  const wallStart = Date.now();
  const platform: StormPlatform = await stormPlatform({
    root: process.cwd(),
    runDir: dir,
    temporalCli,
    namespace: NAMESPACE,
  });
  const startupNotes: string[] = [];
  try {
    log(`${name}: starting PostgreSQL, Temporal, worker and api (logs in ${join(dir, 'logs')})`);
    await platform.postgres.start();
    await prepareDatabase(platform.databaseUrl);
    await platform.temporal.start();
    await platform.worker.start();
    await platform.api.start();

    const client = new StormClient({
      baseUrl: platform.baseUrl,
      run: name,
      timeoutMs: HTTP_TIMEOUT_MS,
      settleMs: SETTLE_MS,
      stepBudgetMs: 10 * 60_000,
    });
    const emails = new Set(
      plans.flatMap((p) =>
        (['prosecutor', 'central', 'supervisor', 'foreign'] as const).map((w) => emailOf(w, p)),
      ),
    );
    for (const e of emails) await client.token(e);
    await client.detectDraftShape();

    const total = countSteps(plans);
    const progress = () => (client.stats.steps + client.stats.stuckCases) / total;
    let loadDone = false;
    const faults: FaultEvent[] = [];
    const lanes: Promise<void>[] = [];
    if (withFaults) {
      const r = prng(SEED * 7919 + 1);
      const lane = async (
        kind: FaultEvent['kind'],
        count: number,
        hit: () => Promise<{ pid?: number; attempts: number; pending?: FaultEvent['pending'] }>,
        [from, to] = [0.02, 0.8],
      ) => {
        const thresholds = Array.from({ length: count }, () => from + r() * (to - from)).sort(
          (a, b) => a - b,
        );
        const delays = thresholds.map(() => r() * 1500);
        // While a process is down the load stalls and later thresholds pass unnoticed; some progress
        // after each restart keeps two kills of one process from following each other with no load between.
        const minGap = 0.7 / count / 4;
        let lastAt = -1;
        for (const [i, threshold] of thresholds.entries()) {
          const t = Math.max(threshold, lastAt + minGap);
          while (progress() < t && !loadDone) await sleep(100);
          if (loadDone) {
            startupNotes.push(`${kind}: ${count - i} fault(s) not made, the load finished first`);
            return;
          }
          await sleep(delays[i]);
          const at = new Date().toISOString();
          const p = progress();
          const started = Date.now();
          const { pid, attempts, pending } = await hit();
          faults.push({
            kind,
            at,
            progress: Number(p.toFixed(3)),
            pid,
            downMs: Date.now() - started,
            startAttempts: attempts,
            ...(pending ? { pending } : {}),
          });
          lastAt = progress();
          log(
            `${name}: ${kind} #${faults.filter((f) => f.kind === kind).length} at ${(p * 100).toFixed(1)}% (down ${((Date.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      };
      // One fault at a time per process: the paired lane and the single lanes share the api and the worker.
      const locks = new Map<ManagedProcess, Promise<unknown>>();
      const exclusive = <T>(p: ManagedProcess, fn: () => Promise<T>): Promise<T> => {
        const run = (locks.get(p) ?? Promise.resolve()).then(fn, fn);
        locks.set(
          p,
          run.catch(() => undefined),
        );
        return run;
      };
      const killAndRestart = (p: ManagedProcess) => () =>
        exclusive(p, async () => {
          const pid = p.pid;
          await p.kill();
          return { pid, attempts: await restart(p, startupNotes) };
        });
      const stopAndStart = (p: ManagedProcess) => async () => {
        const pid = p.pid;
        await p.stop('SIGTERM', 60_000);
        return { pid, attempts: await restart(p, startupNotes) };
      };
      // The api and the worker at the same instant (one host lost): an action in flight loses its
      // caller and the workflow task carrying it at once.
      const pairedKill = () =>
        exclusive(platform.api, () =>
          exclusive(platform.worker, async () => {
            const pid = platform.api.pid;
            await Promise.all([platform.api.kill(), platform.worker.kill()]);
            const [a, w] = await Promise.all([
              restart(platform.api, startupNotes),
              restart(platform.worker, startupNotes),
            ]);
            return { pid, attempts: Math.max(a, w) };
          }),
        );
      lanes.push(lane('api_kill', API_KILLS, killAndRestart(platform.api)));
      lanes.push(lane('worker_kill', WORKER_KILLS, killAndRestart(platform.worker)));
      if (PAIRED_KILLS > 0) lanes.push(lane('paired_kill', PAIRED_KILLS, pairedKill));
      // Temporal restarts once the load is well under way: by then many extraditions wait in their
      // formal-request windows, other cases in their judicial or surrender windows.
      const temporalRestart = async () => {
        const pending = await pendingClocks(platform.databaseUrl);
        return { ...(await stopAndStart(platform.temporal)()), pending };
      };
      lanes.push(lane('temporal_restart', 1, temporalRestart, [0.45, 0.75]));
      lanes.push(lane('postgres_restart', 1, stopAndStart(platform.postgres)));
    }

    log(`${name}: driving ${plans.length} cases (${total} scripted steps) with ${CLIENTS} clients`);
    const loadStart = Date.now();
    const results: CaseResult[] = new Array(plans.length);
    let next = 0;
    const ticker = setInterval(() => {
      log(
        `${name}: ${(progress() * 100).toFixed(1)}% of steps, ${client.stats.requests} requests, ${client.stats.retries} retries, ${client.stats.anomalies.length} anomalies`,
      );
    }, 30_000);
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < plans.length) {
          const plan = plans[next++];
          results[plan.index] = await driveCase(client, plan, SETTLE_MS);
        }
      }),
    );
    clearInterval(ticker);
    loadDone = true;
    const loadMs = Date.now() - loadStart;
    await Promise.all(lanes);
    annotateFromLog(client.stats.anomalies, join(dir, 'logs', 'api.log'));
    log(`${name}: load done in ${(loadMs / 1000).toFixed(1)} s; checking`);

    // Everything up again before the checks (a query on a closed workflow needs a worker).
    for (const p of [platform.postgres, platform.temporal, platform.worker, platform.api]) {
      if (!p.isAlive()) {
        startupNotes.push(`${p.name} was down after the load; started again`);
        await restart(p, startupNotes);
      }
    }
    const verifyRes = await client.request(ADMIN_EMAIL, 'GET', '/audit/verify');
    const vb = verifyRes.body as {
      ok?: boolean;
      chainsChecked?: number;
      recordsChecked?: number;
      firstBroken?: unknown;
    };
    const verify = {
      status: verifyRes.status,
      ok: vb?.ok ?? null,
      chainsChecked: vb?.chainsChecked,
      recordsChecked: vb?.recordsChecked,
      firstBroken: vb?.firstBroken,
    };
    const facts = await collectFacts(
      name,
      platform.databaseUrl,
      platform.temporalAddress,
      NAMESPACE,
      results,
      verify,
    );
    for (const n of startupNotes) log(`${name}: note: ${n}`);
    return {
      name,
      wallMs: Date.now() - wallStart,
      loadMs,
      stats: client.stats,
      results,
      faults,
      facts,
      processStarts: Object.fromEntries(
        [platform.postgres, platform.temporal, platform.worker, platform.api].map((p) => [p.name, p.starts]),
      ),
    };
  } finally {
    await platform.close();
  }
}

// The deadlines running in the records (a timer each in their workflows), formal-request windows apart.
async function pendingClocks(databaseUrl: string): Promise<FaultEvent['pending']> {
  const pg = new PgClient({ connectionString: databaseUrl });
  pg.on('error', () => undefined);
  try {
    await pg.connect();
    const [row] = (
      await pg.query(
        `SELECT count(*) FILTER (WHERE key = 'formal-request')::int AS windows, count(*)::int AS deadlines
         FROM case_deadlines WHERE active AND status IN ('pending', 'reminded')`,
      )
    ).rows;
    return { formalRequestWindows: row.windows, deadlines: row.deadlines };
  } catch {
    // PostgreSQL restarting at that moment: not counted.
    return undefined;
  } finally {
    await pg.end().catch(() => undefined);
  }
}

// Attaches the api's logged error (by the x-request-id the client sent) to each anomaly.
function annotateFromLog(anomalies: Anomaly[], apiLog: string): void {
  if (!anomalies.some((a) => a.requestId) || !existsSync(apiLog)) return;
  const errors = new Map<string, string>();
  for (const line of readFileSync(apiLog, 'utf8').split('\n')) {
    if (!line.startsWith('{') || !line.includes('"err"')) continue;
    try {
      const entry = JSON.parse(line) as { req?: { id?: string }; err?: { type?: string; message?: string } };
      if (entry.req?.id && entry.err)
        errors.set(entry.req.id, `${entry.err.type ?? 'Error'}: ${entry.err.message ?? ''}`.slice(0, 400));
    } catch {
      /* a partial line written as the process was killed */
    }
  }
  for (const a of anomalies) if (a.requestId && errors.has(a.requestId)) a.logged = errors.get(a.requestId);
}

// Problems of one kind (the same text once case numbers, ids and numbers are set aside).
function groupProblems(problems: string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const p of problems) {
    const kind = p
      .replace(/ request storm-\S+/g, '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
      .replace(/case #\d+ \(<id>\)/g, 'case')
      .replace(/\d+/g, 'N')
      .slice(0, 220);
    groups.set(kind, [...(groups.get(kind) ?? []), p]);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}

function count<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

async function runStorm(): Promise<number> {
  const runDir = process.env.STORM_RUN_DIR!;
  const temporalCli = execFileSync('bash', ['scripts/temporal-cli.sh'], { encoding: 'utf8' }).trim();
  const plans = stormPlan(SEED, CASES, EPOCH);
  log(
    `fault storm: ${CASES} cases (${JSON.stringify(count(plans, (p) => p.kind))}), seed ${SEED}, epoch ${new Date(EPOCH).toISOString()}, ${countSteps(plans)} scripted steps; scenarios ${JSON.stringify(count(plans, (p) => `${p.kind}:${p.scenario}`))}`,
  );
  const outcomes: RunOutcome[] = [];
  if (RUNS === 'both' || RUNS === 'control')
    outcomes.push(await runOnce('control', plans, false, runDir, temporalCli));
  if (RUNS === 'both' || RUNS === 'storm')
    outcomes.push(await runOnce('storm', plans, true, runDir, temporalCli));

  const control = outcomes.find((o) => o.name === 'control');
  const storm = outcomes.find((o) => o.name === 'storm');
  const comparison = control && storm ? compareRuns(control.facts, storm.facts) : null;
  const problems: string[] = [];
  for (const o of outcomes) {
    for (const f of o.facts.cases)
      for (const v of f.violations) problems.push(`${o.name} case #${f.index} (${f.caseId}): ${v}`);
    for (const v of o.facts.globalViolations) problems.push(`${o.name}: ${v}`);
    for (const a of o.stats.anomalies) {
      problems.push(
        `${o.name} case #${a.caseIndex} (${a.caseId}) step ${a.step}: ${a.what}${a.status ? ` [${a.status}]` : ''}` +
          `${a.body ? ` ${a.body.slice(0, 300)}` : ''}${a.requestId ? ` request ${a.requestId}` : ''}${a.logged ? ` api log: ${a.logged}` : ''}`,
      );
    }
  }
  if (comparison) problems.push(...comparison.mismatches.map((m) => `storm vs control: ${m}`));
  if (storm) {
    const made = count(storm.faults, (f) => f.kind);
    const quota: [string, number, number][] = [
      ['api kills', made.api_kill ?? 0, REQUIRED.apiKills],
      ['worker kills', made.worker_kill ?? 0, REQUIRED.workerKills],
      ['Temporal restarts', made.temporal_restart ?? 0, REQUIRED.temporalRestarts],
      ['PostgreSQL restarts', made.postgres_restart ?? 0, REQUIRED.postgresRestarts],
    ];
    for (const [what, n, need] of quota)
      if (n < need) problems.push(`storm: only ${n} ${what} (at least ${need} required)`);
  }

  // ----- summary
  const row = (label: string, f: (o: RunOutcome) => string | number) =>
    `  ${label.padEnd(44)}${outcomes.map((o) => String(f(o)).padStart(14)).join('')}`;
  const lines = [
    '',
    `Fault storm: ${CASES} cases, seed ${SEED}, ${CLIENTS} clients, source ${process.env.STORM_SOURCE_DESCRIPTION}`,
    `  ${''.padEnd(44)}${outcomes.map((o) => o.name.padStart(14)).join('')}`,
    row('wall time (s, with start-up and checks)', (o) => (o.wallMs / 1000).toFixed(0)),
    row('load time (s)', (o) => (o.loadMs / 1000).toFixed(0)),
    row('cases driven / given up', (o) => `${o.results.filter(Boolean).length}/${o.stats.stuckCases}`),
    row('art. 4 cases opened by refusals and driven', (o) => o.results.filter((r) => r?.linkedCaseId).length),
    row('open deadlines at the end (running clocks)', (o) => o.facts.totals.openDeadlines),
    row('reminders and escalations recorded', (o) => o.facts.totals.deadlineEvents),
    row('notifications recorded', (o) => o.facts.totals.notifications),
    row('steps done (skipped by the script)', (o) => `${o.stats.steps} (${o.stats.skippedSteps})`),
    row('case transitions (case_steps rows)', (o) => o.facts.totals.caseSteps),
    row('HTTP requests', (o) => o.stats.requests),
    row('retries (conn. error, 502/503/504, timeout)', (o) => o.stats.retries),
    row('actions found applied after a retry', (o) => o.stats.foundApplied),
    row('409 after a retry, action had applied', (o) => o.stats.conflictAfterRetryApplied),
    row('same-stage actions re-sent after settling', (o) => o.stats.resentAfterSettle),
    row('re-logins', (o) => o.stats.relogins),
    row('api kills (SIGKILL)', (o) => o.faults.filter((f) => f.kind === 'api_kill').length),
    row('worker kills (SIGKILL)', (o) => o.faults.filter((f) => f.kind === 'worker_kill').length),
    row(
      'api + worker killed together (SIGKILL)',
      (o) => o.faults.filter((f) => f.kind === 'paired_kill').length,
    ),
    row('Temporal dev server restarts', (o) => o.faults.filter((f) => f.kind === 'temporal_restart').length),
    row('  formal-request windows / deadlines running then', (o) => {
      const p = o.faults.find((f) => f.kind === 'temporal_restart')?.pending;
      return p ? `${p.formalRequestWindows} / ${p.deadlines}` : '-';
    }),
    row('PostgreSQL restarts', (o) => o.faults.filter((f) => f.kind === 'postgres_restart').length),
    row('audit records (all chains)', (o) => o.facts.totals.auditRecords),
    row('transition audit records', (o) => o.facts.totals.transitionAudits),
    row(
      'audit chains verified (GET /audit/verify)',
      (o) => `${o.facts.verify.ok ? 'ok' : 'FAILED'} ${o.facts.verify.chainsChecked ?? '?'}`,
    ),
    row('cases with violations', (o) => o.facts.cases.filter((c) => c.violations.length).length),
    row('chain-wide violations', (o) => o.facts.globalViolations.length),
    row('anomalies (unexpected answers)', (o) => o.stats.anomalies.length),
  ];
  if (storm) {
    lines.push(`  retry reasons (storm): ${JSON.stringify(storm.stats.retryReasons)}`);
    const down = (k: FaultEvent['kind']) =>
      storm.faults.filter((f) => f.kind === k).map((f) => f.downMs / 1000);
    for (const k of [
      'api_kill',
      'worker_kill',
      'paired_kill',
      'temporal_restart',
      'postgres_restart',
    ] as const) {
      const d = down(k);
      if (d.length)
        lines.push(
          `  ${k}: ${d.length} at progress ${storm.faults
            .filter((f) => f.kind === k)
            .map((f) => `${(f.progress * 100).toFixed(0)}%`)
            .join(' ')}; down ${Math.min(...d).toFixed(1)}-${Math.max(...d).toFixed(1)} s`,
        );
    }
  }
  if (comparison) {
    const differing = [
      ...new Set(comparison.mismatches.map((m) => Number(/^case #(\d+)/.exec(m)?.[1]))),
    ].filter((i) => !Number.isNaN(i));
    lines.push(
      `  storm vs control: ${comparison.compared} cases compared, ${comparison.mismatches.length} mismatches in ${differing.length} cases` +
        (differing.length ? ` (${JSON.stringify(count(differing, (i) => plans[i].scenario))})` : ''),
    );
  }
  lines.push(
    `  problems: ${problems.length} (expected 0)${problems.length ? ', by kind (all of them in report.json):' : ''}`,
  );
  for (const [kind, examples] of groupProblems(problems)) {
    lines.push(`    ${String(examples.length).padStart(4)} x ${kind}`);
    for (const e of examples.slice(0, 2)) lines.push(`           e.g. ${e.slice(0, 700)}`);
  }
  console.log(lines.join('\n'));
  const report = {
    cases: CASES,
    seed: SEED,
    clients: CLIENTS,
    source: process.env.STORM_SOURCE_DESCRIPTION,
    problems,
    comparison,
    runs: outcomes,
  };
  writeFileSync(join(runDir, 'report.json'), JSON.stringify(report, null, 2));
  console.log(`\nreport: ${join(runDir, 'report.json')}; logs: ${join(runDir, '*', 'logs')}`);
  // The databases stay for a post-mortem when something was found (or with STORM_KEEP=1): start a
  // dev server on <run>/data/temporal.sqlite to read the workflow histories.
  if (problems.length || process.env.STORM_KEEP === '1') {
    console.log(`data kept: ${outcomes.map((o) => join(runDir, o.name, 'data')).join(', ')}`);
  } else {
    for (const o of outcomes) rmSync(join(runDir, o.name, 'data'), { recursive: true, force: true });
  }
  return problems.length ? 1 : 0;
}

if (process.env.STORM_STAGE === 'run') {
  runStorm().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(2);
    },
  );
} else {
  snapshotAndRun();
}
