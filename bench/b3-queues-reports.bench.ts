// B3 (issue #13): the work queue's first page, the overdue top-100, and median/p90 by stage and
// pair over a year, on a read model of N cases (default 1,000,000) seeded by scripts/seed-scale.ts,
// each measured side by side in one run against the same query without what supports it:
//
//   queue first page   with cases_queue_idx        vs that index dropped
//   queue counts       from the summary queue_counts (kept by a trigger on cases)   vs counting
//                      the queued cases themselves, which the summary replaces
//   overdue top-100    with cases_overdue_idx and cases_open_due_idx   vs both dropped
//   stage times        from the rollup (stage_duration_hist for a state-wide reader)  vs the
//                      same report from the raw case_steps, which the rollup replaces
//
// Interleaved in rounds (ABAB); an index is dropped inside a transaction on the one connection
// the queries run on and restored by ROLLBACK, so nothing is rebuilt between rounds. The queries
// are the api's own (QueueService, ReportsService) for a central authority officer of HN, whose
// scope is the cases HN requests and those requested of HN once transmitted (8 of 20 pairs).
//
//   bash scripts/run-ts.sh bench/b3-queues-reports.bench.ts [--cases 1000000] [--database-url …/comity_b3] [--rounds 4]
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@comity/auth';
import { dataSourceOptions, ensureDatabase, migrate } from '@comity/persistence';
import { QueueService } from '../apps/api/src/work/queue.service';
import { ReportsService } from '../apps/api/src/work/reports/reports.service';
import { seedScale } from '../scripts/seed-scale';
import { percentiles } from './support/stats';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface Scenario {
  name: string;
  target: string;
  run: () => Promise<unknown>;
  /** SQL run inside the baseline's transaction before its queries (drops what supports them). */
  withoutSupport: string[];
  /** Or a different query altogether as the baseline (the raw rows a rollup replaces). */
  baseline?: () => Promise<unknown>;
  perRound: number;
}

async function time(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function main(): Promise<void> {
  const url = arg('database-url', 'postgres://postgres@127.0.0.1:5432/comity_b3');
  const cases = Number(arg('cases', '1000000'));
  const rounds = Number(arg('rounds', '4'));
  await ensureDatabase(url);
  await migrate(url);
  // One connection: BEGIN, DROP INDEX and the queries of a baseline all run on it.
  const ds = await new DataSource({ ...dataSourceOptions(url), extra: { max: 1 } }).initialize();
  let [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE reference LIKE 'SEED-%'`);
  if (n === 0) {
    console.log(`Seeding ${cases.toLocaleString('en')} cases into ${new URL(url).pathname.slice(1)}...`);
    const seeded = await seedScale(url, cases);
    console.log(`Seeded ${seeded.cases.toLocaleString('en')} cases, ${seeded.steps.toLocaleString('en')} steps in ${seeded.seconds.toFixed(0)} s`);
    n = seeded.cases;
  }
  const [{ id: authorityId }] = await ds.query(`SELECT id FROM authorities WHERE code = 'SEED-HN-CA'`);
  const [{ id: userId }] = await ds.query(`SELECT id FROM users WHERE authority_id = $1 LIMIT 1`, [authorityId]);
  const user: AuthUser = {
    id: userId,
    kind: 'user',
    authorityId,
    authorityKind: 'central_authority',
    jurisdiction: 'HN',
    roles: ['central_authority'],
    via: 'password',
    sessionId: null,
  };
  const queue = new QueueService(ds);
  const reports = new ReportsService(ds);
  const now = new Date();
  const to = now.toISOString().slice(0, 7);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  const stageQuery = { from, to, groupBy: 'pair' as const, metric: 'calendar' as const };
  const [{ steps }] = await ds.query(`SELECT count(*)::int AS steps FROM case_steps`);
  const [{ rollup }] = await ds.query(`SELECT count(*)::int AS rollup FROM stage_duration_rollup`);
  console.log(`B3 on ${n.toLocaleString('en')} cases, ${steps.toLocaleString('en')} steps, ${rollup.toLocaleString('en')} rollup rows; ${rounds} rounds`);

  // The rollup and the raw rows must agree to the last visit, or the comparison means nothing.
  const [viaRollup, viaRaw] = [await reports.stageTimes(user, stageQuery), await reports.stageTimes(user, stageQuery, 'raw')];
  if (JSON.stringify(viaRollup.items) !== JSON.stringify(viaRaw.items)) throw new Error('rollup and raw rows disagree');
  console.log(`stage times: ${viaRollup.items.length} (pair, stage) rows; rollup and raw rows agree`);
  const [summaryCounts, rawCounts] = [await queue.counts(user), await queue.counts(user, 'raw')];
  if (JSON.stringify(summaryCounts) !== JSON.stringify(rawCounts)) throw new Error('queue counts: summary and cases disagree');
  console.log(`queue counts: ${JSON.stringify(summaryCounts)}; summary and cases agree`);

  const scenarios: Scenario[] = [
    {
      name: 'queue first page (25 + counts)',
      target: 'p95 <= 20 ms, >= 10x',
      run: () => queue.page(user, { limit: 25 }),
      withoutSupport: ['DROP INDEX cases_queue_idx'],
      perRound: 25,
    },
    {
      name: 'queue counts (summary vs counting the cases)',
      target: 'the larger part of the page budget before; >= 10x',
      run: () => queue.counts(user),
      withoutSupport: [],
      baseline: () => queue.counts(user, 'raw'),
      perRound: 25,
    },
    {
      name: 'overdue top-100',
      target: 'p95 <= 20 ms, >= 10x',
      run: () => reports.overdue(user, { limit: 100 }),
      withoutSupport: ['DROP INDEX cases_overdue_idx', 'DROP INDEX cases_open_due_idx'],
      perRound: 25,
    },
    {
      name: 'median/p90 by stage and pair, 12 months (rollup vs raw rows)',
      target: 'p95 <= 500 ms, >= 10x',
      run: () => reports.stageTimes(user, stageQuery),
      withoutSupport: [],
      baseline: () => reports.stageTimes(user, stageQuery, 'raw'),
      perRound: 10,
    },
  ];

  for (const s of scenarios) {
    const withSupport: number[] = [];
    const without: number[] = [];
    await s.run(); // warm the cache and the plan
    for (let r = 0; r < rounds; r++) {
      withSupport.push(...(await time(s.run, s.perRound)));
      if (s.baseline) {
        without.push(...(await time(s.baseline, Math.max(1, Math.ceil(s.perRound / 5)))));
        continue;
      }
      await ds.query('BEGIN');
      try {
        for (const sql of s.withoutSupport) await ds.query(sql);
        without.push(...(await time(s.run, Math.max(2, Math.ceil(s.perRound / 5)))));
      } finally {
        await ds.query('ROLLBACK');
      }
    }
    const a = percentiles(withSupport);
    const b = percentiles(without);
    console.log(
      `${s.name}\n  supported:   p50 ${a.p50.toFixed(1)} ms  p95 ${a.p95.toFixed(1)} ms  (n=${withSupport.length})` +
        `\n  unsupported: p50 ${b.p50.toFixed(1)} ms  p95 ${b.p95.toFixed(1)} ms  (n=${without.length})` +
        `\n  speed-up at p95: ${(b.p95 / a.p95).toFixed(1)}x   target: ${s.target}`,
    );
  }
  await ds.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
