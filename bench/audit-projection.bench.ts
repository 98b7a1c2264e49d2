// Benchmark B8 (docs/performance.md §3): a projection write (case row update + step row insert,
// one transaction) with and without the hash-chained audit append, side by side in one run,
// interleaved (ABC CBA ...), at concurrency 1 and 8, on a database of its own.
//
//   npx ts-node --transpile-only -r tsconfig-paths/register bench/audit-projection.bench.ts
//
// Env: BENCH_SECONDS (per block, default 3), BENCH_ROUNDS (ABAB pairs, default 4),
// TEST_DATABASE_URL (server to use; default the local PostgreSQL), BENCH_SQL (extra SQL run on the
// bench database before measuring, to try a variant of the schema or of audit_append).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditWriter } from '../libs/audit/src';
import { dataSourceOptions, dropDatabase, migrate } from '../libs/persistence/src';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONCURRENCIES = [1, 8];
const STAGES = ['draft', 'internal_review', 'central_authority_review', 'translation', 'ready_to_transmit'];

// 'unchained' (diagnostic): the same audit row inserted without lock, head lookup or hash, to
// separate the cost of writing a row from the cost of chaining it.
type Mode = 'plain' | 'audited' | 'unchained';
interface Block {
  mode: Mode;
  concurrency: number;
  ops: number;
  seconds: number;
  latenciesMs: number[];
}

const writer = new AuditWriter();

// One case per worker, so workers never wait on each other's rows: the only shared resource is
// the database itself (and, with audit, nothing either: chains are per case).
async function projection(ds: DataSource, mode: Mode, caseId: string, seq: number): Promise<void> {
  await ds.transaction(async (em) => {
    const at = new Date();
    const fromStage = STAGES[(seq - 1) % STAGES.length];
    const toStage = STAGES[seq % STAGES.length];
    const inserted: unknown[] = await em.query(
      `INSERT INTO case_steps (case_id, seq, from_stage, to_stage, action, actor_id, reason, at)
       VALUES ($1, $2, $3, $4, 'submit', 'bench-actor', NULL, $5)
       ON CONFLICT (case_id, seq) DO NOTHING RETURNING seq`,
      [caseId, seq, fromStage, toStage, at],
    );
    if (inserted.length === 0) return;
    await em.query(
      `UPDATE cases SET stage = $2, last_seq = $3, updated_at = $4 WHERE id = $1 AND last_seq < $3`,
      [caseId, toStage, seq, at],
    );
    if (mode === 'unchained') {
      await em.query(
        `INSERT INTO audit_records (chain_key, seq, case_id, action, actor_id, outcome, details, idempotency_key,
                                    occurred_at, prev_hash, hash)
         VALUES ($1::text, $2, $1::uuid, 'case.submit', 'bench-actor', 'allowed', $3, $4, $5, $6, $6)`,
        [caseId, seq, JSON.stringify({ seq, fromStage, toStage }), `${caseId}:${seq}`, at, Buffer.alloc(32)],
      );
    }
    if (mode === 'audited') {
      await writer.append(em, {
        caseId,
        action: 'case.submit',
        actorId: 'bench-actor',
        details: { seq, fromStage, toStage },
        idempotencyKey: `${caseId}:${seq}`,
        occurredAt: at,
      });
    }
  });
}

async function newCase(ds: DataSource): Promise<{ id: string; seq: number }> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq) VALUES ($1, 'mla', 'HN', 'US', 'draft', 0)`,
    [id],
  );
  return { id, seq: 0 };
}

async function runBlock(ds: DataSource, mode: Mode, concurrency: number): Promise<Block> {
  const workers = await Promise.all(Array.from({ length: concurrency }, () => newCase(ds)));
  const latenciesMs: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    workers.map(async (w) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await projection(ds, mode, w.id, ++w.seq);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return {
    mode,
    concurrency,
    ops: latenciesMs.length,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs: number[]) => pct(xs, 50);

async function main(): Promise<void> {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/comity_bench_${process.pid}`;
  await migrate(url.toString());
  const options = dataSourceOptions(url.toString());
  const ds = await new DataSource({ ...options, extra: { max: 10 } } as typeof options).initialize();
  try {
    if (process.env.BENCH_SQL) await ds.query(process.env.BENCH_SQL);
    console.log(
      `audit-projection benchmark: ${SECONDS}s blocks, ${ROUNDS} ABAB rounds, ${cpus().length} CPUs`,
    );
    console.log(
      `PostgreSQL ${(await ds.query('SHOW server_version'))[0].server_version}, synchronous_commit=${(await ds.query('SHOW synchronous_commit'))[0].synchronous_commit}`,
    );
    // Warm-up: connections, plans, caches.
    for (const c of CONCURRENCIES)
      for (const m of ['plain', 'audited', 'unchained'] as Mode[]) await runBlock(ds, m, c);

    const rows: string[] = [];
    for (const concurrency of CONCURRENCIES) {
      const blocks: Block[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // ABAB, alternating which goes first, so drift over time hits both modes alike.
        const order: Mode[] =
          r % 2 === 0 ? ['plain', 'audited', 'unchained'] : ['unchained', 'audited', 'plain'];
        for (const mode of order) blocks.push(await runBlock(ds, mode, concurrency));
      }
      const stat = (mode: Mode) => {
        const bs = blocks.filter((b) => b.mode === mode);
        const tput = bs.map((b) => b.ops / b.seconds);
        const lat = bs.flatMap((b) => b.latenciesMs);
        return { tput: median(tput), tputs: tput, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99) };
      };
      const plain = stat('plain');
      const audited = stat('audited');
      const unchained = stat('unchained');
      // Per-round ratios (each audited block against the plain block next to it).
      const ratios = plain.tputs.map((p, i) => audited.tputs[i] / p);
      rows.push(
        [
          `c=${concurrency}`,
          `plain ${plain.tput.toFixed(0)} tx/s (p50 ${plain.p50.toFixed(2)} ms, p95 ${plain.p95.toFixed(2)}, p99 ${plain.p99.toFixed(2)})`,
          `audited ${audited.tput.toFixed(0)} tx/s (p50 ${audited.p50.toFixed(2)} ms, p95 ${audited.p95.toFixed(2)}, p99 ${audited.p99.toFixed(2)})`,
          `ratio ${(audited.tput / plain.tput).toFixed(3)} (per round ${ratios.map((x) => x.toFixed(2)).join(' ')})`,
          `diagnostic: unchained audit insert ${unchained.tput.toFixed(0)} tx/s, ratio ${(unchained.tput / plain.tput).toFixed(3)}`,
        ].join('\n    '),
      );
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_records`);
    console.log(rows.join('\n'));
    console.log(`audit records written: ${n}; target ratio (audited/plain throughput) >= 0.8`);
  } finally {
    await ds.destroy();
    await dropDatabase(url.toString());
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
