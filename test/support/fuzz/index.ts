// A seeded, property-based HTTP fuzzer for the api (issue #10). It reads the api's OpenAPI
// document, and for every operation sends first a deterministic sweep of malformed values,
// types, encodings, nestings, ids and credentials, then random requests drawn with fast-check
// from the seed. Every answer must come within the timeout, below 500, and as
// application/problem+json (type, title, status = the HTTP status) when it is an error.
// Used by test/e2e/fuzz.e2e-spec.ts (short, in `npm test`) and scripts/fuzz.ts (long).
import type { DataSource } from 'typeorm';
import { createFuzzFixtures, seedPools } from './fixtures';
import { loadOpenApi, operationsOf } from './openapi';
import { modelOf, randomRequestArb, sampleOne, sweepRequests, type FuzzRequest } from './requests';
import { FuzzState, runRequests, type FailureRecord, type RunStats } from './runner';

export { findCaseDisagreements, settledDisagreements, type Disagreement } from './disagreements';
export type { FailureRecord, RunStats } from './runner';

export interface FuzzOptions {
  /** http://127.0.0.1:PORT of a running api (its worker running too). */
  baseUrl: string;
  /** The api's database, for the fixtures (actors are written straight into it). */
  ds: DataSource;
  /** The secret the api signs access tokens with, to forge well-signed tokens it must still refuse. */
  jwtSecret: string;
  seed: number;
  /** Requests in all, sweep included. */
  requests: number;
  concurrency?: number;
  /** Per request; no answer by then is a failure (default 10 s). */
  timeoutMs?: number;
  /** No new request starts after this long (default: no limit beyond the budget). */
  maxDurationMs?: number;
  /**
   * 'own' on a database other tests share: operations only get ids of the run's own fixtures and
   * of what it creates, and never a real instrument to change the status of. 'all' on a platform
   * of the run's own: every id the list endpoints show, except the fuzzer's own actors.
   */
  scope: 'own' | 'all';
  log?: (line: string) => void;
  /** Called with every exchange whose operation key contains this text (debugging). */
  trace?: { op: string; write: (line: string) => void };
}

export interface FuzzResult {
  seed: number;
  operations: string[];
  sweepSize: number;
  stats: RunStats;
  /** The instant before the first fuzz request (for the disagreement check's `since`). */
  startedAt: Date;
  /** An admin's bearer token, for checks after the run. */
  adminBearer: () => Promise<string>;
  /** The authorities of the fuzzer's actors: every case it opened was requested by one of them. */
  actorAuthorityIds: string[];
}

const OP_WEIGHTS: Record<string, number> = {
  'POST /api/v1/cases/{id}/actions/{action}': 4,
  'POST /api/v1/cases': 2,
  'PATCH /api/v1/cases/{id}/draft': 2,
  'POST /api/v1/rules/evaluate': 2,
  'GET /api/v1/cases': 2,
};

/** Interleaves per-operation lists so a run cut short by time still reached every operation. */
function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++)
    for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const log = o.log ?? (() => undefined);
  const doc = await loadOpenApi(o.baseUrl);
  const models = operationsOf(doc).map((op) => modelOf(doc, op));
  log(`fuzz: ${models.length} operations in the OpenAPI document`);

  const fixtures = await createFuzzFixtures(o.ds);
  const state = new FuzzState(
    o.baseUrl,
    fixtures.actors,
    fixtures.sessionUser,
    o.jwtSecret,
    fixtures.protectedIds,
  );
  if (o.scope === 'own')
    state.poolOverrides['POST /api/v1/admin/instruments/{id}/status'] = { instrument: 'unknownInstrument' };
  const { cases } = await seedPools(state, fixtures, o.scope);
  log(
    `fuzz: ${fixtures.actors.length} actors, ${cases.length} cases opened, pools: ${[...state.pools].map(([k, v]) => `${k} ${v.length}`).join(', ')}`,
  );

  const byOp = new Map<string, Omit<FuzzRequest, 'index' | 'phase'>[]>();
  for (const r of sweepRequests(models, o.seed)) byOp.set(r.op, [...(byOp.get(r.op) ?? []), r]);
  const sweep = roundRobin([...byOp.values()]).slice(0, o.requests);
  const arbitraries = models.map((m) => randomRequestArb(m));
  // Every operation in turn; the ones that drive cases (and so the workflow) more often.
  const schedule = models.flatMap((m, k) => Array.from({ length: OP_WEIGHTS[m.op.key] ?? 1 }, () => k));
  const at = (i: number): FuzzRequest => {
    if (i < sweep.length) return { ...sweep[i], index: i, phase: 'sweep' };
    const k = schedule[(i - sweep.length) % schedule.length];
    return { ...sampleOne(arbitraries[k], o.seed, 1_000_000 + i), index: i, phase: 'random' };
  };
  log(
    `fuzz: seed ${o.seed}, ${o.requests} requests (${sweep.length} in the sweep), concurrency ${o.concurrency ?? 6}`,
  );

  const startedAt = new Date();
  let lastLog = Date.now();
  const stats = await runRequests(state, {
    requests: { count: o.requests, at },
    concurrency: o.concurrency ?? 6,
    timeoutMs: o.timeoutMs ?? 10_000,
    maxDurationMs: o.maxDurationMs ?? Number.MAX_SAFE_INTEGER,
    scope: o.scope,
    trace: o.trace
      ? (r, request, status, body) => {
          if (r.op.includes(o.trace!.op))
            o.trace!.write(
              `#${r.index} [${r.tags.join(' ')}]\n${request}\n  => ${status} ${body.slice(0, 300)}\n`,
            );
        }
      : undefined,
    onProgress: (done, s) => {
      if (Date.now() - lastLog < 10_000) return;
      lastLog = Date.now();
      log(`fuzz: ${done} requests, ${s.failures.length} failures, ${JSON.stringify(s.byClass)}`);
    },
  });
  const admin = fixtures.actors.find((a) => a.name === 'admin.us')!;
  return {
    seed: o.seed,
    operations: models.map((m) => m.op.key),
    sweepSize: sweep.length,
    stats,
    startedAt,
    adminBearer: () => state.bearer(admin),
    actorAuthorityIds: [...new Set(fixtures.actors.map((a) => a.authorityId))],
  };
}

// --- reports ---------------------------------------------------------------------------------------

const IGNORED_TAGS = new Set(['sweep', 'auth:preferred', 'auth:any-actor', 'idem:fresh']);

/** Failures grouped by what went wrong where: kind, status and operation. */
export function groupFailures(
  failures: FailureRecord[],
): { key: string; count: number; examples: FailureRecord[] }[] {
  const groups = new Map<
    string,
    { key: string; count: number; examples: FailureRecord[]; signatures: Set<string> }
  >();
  for (const f of failures) {
    const key = `${f.kind}${f.status ? ` ${f.status}` : ''} ${f.op}`;
    const g = groups.get(key) ?? { key, count: 0, examples: [], signatures: new Set<string>() };
    g.count++;
    // Up to five examples that differ in what was done to the request.
    const signature = f.tags.filter((t) => !IGNORED_TAGS.has(t)).join(' ');
    if (g.examples.length < 5 && !g.signatures.has(signature)) {
      g.signatures.add(signature);
      g.examples.push(f);
    }
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count)
    .map(({ key, count, examples }) => ({ key, count, examples }));
}

export function formatStats(r: FuzzResult): string {
  const s = r.stats;
  const lines = [
    `Fuzz run: seed ${r.seed}, ${s.requests} requests (${r.sweepSize} sweep, ${Math.max(0, s.requests - r.sweepSize)} random) over ${r.operations.length} operations in ${(s.durationMs / 1000).toFixed(1)} s (${(s.requests / (s.durationMs / 1000)).toFixed(0)}/s), stopped by ${s.stoppedBy}`,
    `By class: ${Object.entries(s.byClass)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    'By operation:',
  ];
  const width = Math.max(...r.operations.map((o) => o.length));
  for (const op of r.operations) {
    const per = s.byOp[op] ?? {};
    lines.push(
      `  ${op.padEnd(width)}  ${
        Object.entries(per)
          .sort()
          .map(([k, v]) => `${k}:${v}`)
          .join(' ') || '(none)'
      }`,
    );
  }
  return lines.join('\n');
}

export function formatFailures(failures: FailureRecord[]): string {
  if (!failures.length) return 'No failures.';
  const groups = groupFailures(failures);
  const lines = [`${failures.length} failing requests in ${groups.length} groups (kind, status, operation):`];
  for (const g of groups) lines.push(`  ${String(g.count).padStart(5)}  ${g.key}`);
  lines.push('', 'Every failing request, one line each (#index kind status operation: what was done):');
  for (const f of failures.slice(0, 300)) {
    const what = f.tags.filter((t) => !IGNORED_TAGS.has(t)).join(' ') || '-';
    lines.push(`  #${f.index} ${f.kind}${f.status ? ` ${f.status}` : ''} ${f.op}: ${what}`);
  }
  if (failures.length > 300) lines.push(`  … and ${failures.length - 300} more`);
  for (const g of groups) {
    lines.push('', `== ${g.key} (${g.count})`);
    for (const f of g.examples) {
      lines.push(`-- request #${f.index} (${f.phase}; ${f.tags.join(', ')}) after ${f.ms} ms`);
      lines.push(
        f.request
          .split('\n')
          .map((l) => `   ${l}`)
          .join('\n'),
      );
      lines.push(`   => ${f.response}`);
    }
  }
  return lines.join('\n');
}
