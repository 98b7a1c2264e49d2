// Benchmark B8 / issue 4: a projection write with and without its hash-chained audit record (and,
// as B8 defines its baseline, with the same audit row inserted unchained),
// side by side in one run, interleaved, at concurrency 1 and 8, on a database of its own.
//
//   npx ts-node --transpile-only -r tsconfig-paths/register bench/audit-projection.bench.ts
//
// Two writes are measured:
// - "projection": the worker's real CaseProjectionActivities.projectTransition (case row, step
//   row, previous step closed, a deadline synced), with the real AuditWriter against one whose
//   case update leaves out the chain head and the record;
// - "minimal": only a step insert and a case update, the smallest write a transition makes, so
//   the audit's share is as large as it can be.
//
// Env: BENCH_SECONDS (per block, default 1.5), BENCH_ROUNDS (default 12), TEST_DATABASE_URL (server;
// default the local PostgreSQL), BENCH_SQL (SQL run on the bench database first, to try variants).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseDeadline, CaseTransition, MlaStage } from '@comity/contracts';
import { AuditVerifier, AuditWriter, type AppendResult, type AuditRecordInput, type CaseUpdate } from '../libs/audit/src';
import { dataSourceOptions, dropDatabase, migrate, preparedQuery } from '../libs/persistence/src';
import { projectionActivities } from '../test/support/projection';
import { percentiles } from './support/stats';

// Short blocks, many rounds: this machine's disk and neighbours drift by tens of percent within a
// minute, so each audited block is compared with the plain block right next to it.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const CONCURRENCIES = [1, 8];
const ACTOR = randomUUID();
const STAGES: MlaStage[] = ['draft', 'internal_review', 'central_authority_review', 'translation', 'ready_to_transmit'];

// The same statements, run the same way (prepared), minus the audit record: the case update
// without the chain head, the deadline-event insert on its own.
class NoAuditWriter extends AuditWriter {
  override async appendWithCaseUpdate(manager: EntityManager, update: CaseUpdate): Promise<{ updated: boolean; audit: AppendResult }> {
    const rows = await preparedQuery(manager, `UPDATE cases SET ${update.set} WHERE ${update.where} RETURNING id`, update.params);
    return { updated: rows.length > 0, audit: NO_RECORD };
  }
}

// The same statements plus the same audit row inserted unchained (no head, no hash): the baseline
// of performance.md's B8, which separates what chaining costs from what writing the row costs.
class UnchainedWriter extends AuditWriter {
  override async appendWithCaseUpdate(
    manager: EntityManager,
    update: CaseUpdate,
    record: AuditRecordInput,
  ): Promise<{ updated: boolean; audit: AppendResult }> {
    const n = update.params.length;
    const rows = await preparedQuery(
      manager,
      `WITH updated AS (UPDATE cases SET ${update.set} WHERE ${update.where} RETURNING id)
       INSERT INTO audit_records (chain_key, seq, case_id, action, actor_id, outcome, details, idempotency_key,
                                  occurred_at, prev_hash, hash)
       SELECT $${n + 1}::text, nextval('bench_audit_seq'), $${n + 1}::uuid, $${n + 2}, $${n + 3}, 'allowed', $${n + 4},
              $${n + 5}, $${n + 6}, $${n + 7}, $${n + 7}
       FROM updated RETURNING seq`,
      [
        ...update.params, record.caseId, record.action, record.actorId, JSON.stringify(record.details),
        record.idempotencyKey, record.occurredAt ?? new Date(), Buffer.alloc(32),
      ],
    );
    return { updated: rows.length > 0, audit: NO_RECORD };
  }
}

const NO_RECORD: AppendResult = { chainKey: '', seq: 0, hash: Buffer.alloc(0), inserted: false };

type Shape = 'projection' | 'minimal';
type Mode = 'plain' | 'audited' | 'unchained';
interface Block {
  mode: Mode;
  ops: number;
  seconds: number;
  latenciesMs: number[];
}

function transition(caseId: string, seq: number, at: Date): CaseTransition {
  const toStage = STAGES[seq % STAGES.length];
  const deadline: CaseDeadline = {
    key: `review-${seq % 3}`,
    label: 'Central-authority review',
    dueAt: new Date(at.getTime() + 14 * 86_400_000).toISOString(),
    remindAt: new Date(at.getTime() + 10 * 86_400_000).toISOString(),
    onBreach: 'escalate',
    activeInStages: [toStage],
    pausedInStages: [],
    source: 'default.mla-central-authority-review',
    confidence: 'default',
    status: 'pending',
    remainingMs: null,
  };
  return {
    caseId,
    seq,
    requestingState: 'HN',
    requestedState: 'US',
    requestingAuthorityId: null,
    createdBy: ACTOR,
    fromStage: seq === 0 ? null : STAGES[(seq - 1) % STAGES.length],
    toStage,
    outcome: null,
    action: seq === 0 ? 'create' : 'submit',
    actorId: ACTOR,
    reason: null,
    holder: { role: 'central_authority', side: 'requesting', jurisdiction: 'HN', authorityId: null },
    deadlines: [deadline],
    draft: { reference: `BENCH-${seq}`, summary: 'Bank records for an investigation' },
    details: { basisId: 'ia-mla-1992' },
    at: at.toISOString(),
  };
}

// The smallest transition write: step row and case row, in one transaction.
async function minimalWrite(ds: DataSource, writer: AuditWriter, caseId: string, seq: number): Promise<void> {
  await ds.transaction(async (em) => {
    const at = new Date();
    const toStage = STAGES[seq % STAGES.length];
    const written = await preparedQuery(
      em,
      `INSERT INTO case_steps (case_id, seq, from_stage, to_stage, action, actor_id, reason, at)
       VALUES ($1, $2, 'draft', $3, 'submit', 'bench-actor', NULL, $4)
       ON CONFLICT (case_id, seq) DO NOTHING RETURNING seq`,
      [caseId, seq, toStage, at],
    );
    if (written.length === 0) return;
    await writer.appendWithCaseUpdate(
      em,
      { set: 'stage = $2, last_seq = $3, updated_at = $4', where: 'id = $1 AND last_seq < $3', params: [caseId, toStage, seq, at] },
      {
        caseId,
        action: 'case.submit',
        actorId: 'bench-actor',
        details: { seq, toStage },
        idempotencyKey: `${caseId}:${seq}`,
        occurredAt: at,
      },
    );
  });
}

async function runBlock(
  ds: DataSource,
  shape: Shape,
  mode: Mode,
  concurrency: number,
  writers: Record<Mode, AuditWriter>,
): Promise<Block> {
  const projector = projectionActivities(ds, writers[mode]);
  // One case per concurrent writer, so writers never wait on each other's rows or chains.
  const cases = Array.from({ length: concurrency }, () => ({ id: randomUUID(), seq: 0 }));
  if (shape === 'minimal') {
    for (const c of cases) {
      await ds.query(
        `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq) VALUES ($1, 'mla', 'HN', 'US', 'draft', 0)`,
        [c.id],
      );
    }
  }
  const write = (c: { id: string; seq: number }) =>
    shape === 'minimal'
      ? minimalWrite(ds, writers[mode], c.id, ++c.seq)
      : projector.projectTransition(transition(c.id, c.seq++, new Date()));
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    cases.map(async (c) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await write(c);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { mode, ops: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/comity_bench_${process.pid}`;
  await migrate(url.toString());
  const options = dataSourceOptions(url.toString());
  const ds = await new DataSource({ ...options, extra: { max: 10 } } as typeof options).initialize();
  const writers: Record<Mode, AuditWriter> = {
    plain: new NoAuditWriter(),
    audited: new AuditWriter(),
    unchained: new UnchainedWriter(),
  };
  try {
    await ds.query('CREATE SEQUENCE bench_audit_seq');
    if (process.env.BENCH_SQL) await ds.query(process.env.BENCH_SQL);
    const [{ server_version }] = await ds.query('SHOW server_version');
    const [{ synchronous_commit }] = await ds.query('SHOW synchronous_commit');
    console.log(`audit-projection: ${SECONDS}s blocks, ${ROUNDS} rounds, ${cpus().length} CPUs, PostgreSQL ${server_version}, synchronous_commit=${synchronous_commit}`);
    for (const shape of ['projection', 'minimal'] as Shape[])
      for (const c of CONCURRENCIES) for (const m of ['plain', 'audited', 'unchained'] as Mode[]) await runBlock(ds, shape, m, c, writers);

    const rows: string[] = [];
    for (const shape of ['projection', 'minimal'] as Shape[]) {
      for (const concurrency of CONCURRENCIES) {
        const blocks: Block[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          // Alternating which goes first, so drift over time hits both modes alike.
          for (const mode of (r % 2 === 0 ? ['plain', 'audited', 'unchained'] : ['unchained', 'audited', 'plain']) as Mode[]) {
            blocks.push(await runBlock(ds, shape, mode, concurrency, writers));
          }
        }
        const stat = (mode: Mode) => {
          const bs = blocks.filter((b) => b.mode === mode);
          const tputs = bs.map((b) => b.ops / b.seconds);
          return { tput: median(tputs), tputs, ...percentiles(bs.flatMap((b) => b.latenciesMs)) };
        };
        const plain = stat('plain');
        const audited = stat('audited');
        const unchained = stat('unchained');
        // Each audited block against the baseline block of the same round.
        const ratios = (base: typeof plain) => base.tputs.map((b, i) => audited.tputs[i] / b);
        const perRound = ratios(plain);
        rows.push(
          `| ${shape} | ${concurrency} | ${plain.tput.toFixed(0)} | ${ms(plain.p50)} / ${ms(plain.p95)} / ${ms(plain.p99)} | ` +
            `${audited.tput.toFixed(0)} | ${ms(audited.p50)} / ${ms(audited.p95)} / ${ms(audited.p99)} | ` +
            `${median(perRound).toFixed(3)} | ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)} | ` +
            `${unchained.tput.toFixed(0)} | ${median(ratios(unchained)).toFixed(3)} |`,
        );
      }
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_records`);
    console.log(
      '| write | c | plain tx/s | plain p50 / p95 / p99 ms | audited tx/s | audited p50 / p95 / p99 ms | audited / plain (median of rounds) | range | unchained tx/s | audited / unchained (B8) |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    rows.forEach((r) => console.log(r));
    console.log(`audit records written: ${n}; targets: audited / plain (issue 4) and audited / unchained (B8) >= 0.8`);
    // B8's second half: walk every chain the audited blocks wrote (the unchained rows break theirs on purpose).
    const started = performance.now();
    const report = await new AuditVerifier(ds).verifyChains({ caseFilter: { sql: 'c.audit_seq > 0', params: [] } });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `verify: ${report.recordsChecked} records in ${report.chainsChecked} chains, ${seconds.toFixed(1)} s ` +
        `(${Math.round(report.recordsChecked / seconds)} records/s), ok=${report.ok}; target 1 M records <= 60 s`,
    );
  } finally {
    await ds.destroy();
    await dropDatabase(url.toString());
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
