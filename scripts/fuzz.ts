// The long fuzz run of issue #10 against a platform of its own (bench/support/stack.ts: a fresh
// database, a Temporal dev server, the real api and worker as their own processes), all on
// 127.0.0.1. Prints counts per status class and per operation, every 5xx, timeout and
// non-problem error with the request that caused it, then checks the audit chains and that the
// workflows and the read model agree. Exits 0 only if all of that is clean.
//
//   npm run fuzz                                  10,000 requests, seed 1
//   FUZZ_REQUESTS=50000 FUZZ_SEED=7 npm run fuzz
//
// Knobs: FUZZ_REQUESTS (10000), FUZZ_SEED (1), FUZZ_CONCURRENCY (8), FUZZ_TIMEOUT_MS (10000),
// FUZZ_MAX_SECONDS (1800: no new request after that), FUZZ_REPORT (a file for the JSON report),
// FUZZ_TRACE (print every exchange of operations whose key contains this text).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadAuthConfig } from '@comity/config';
import { startStack } from '../bench/support/stack';
import {
  findCaseDisagreements,
  formatFailures,
  formatStats,
  runFuzz,
  settledDisagreements,
} from '../test/support/fuzz';

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, not ${v}`);
  return n;
};

async function main(): Promise<number> {
  const requests = num('FUZZ_REQUESTS', 10_000);
  const seed = num('FUZZ_SEED', 1);
  // One client sends everything: the per-client limits would answer 429 to most of it.
  process.env.LOGIN_RATE_LIMIT = '100000000';
  process.env.AUTH_JWT_SECRET ??= randomBytes(32).toString('hex');
  process.env.LOG_LEVEL ??= 'warn';
  const jwtSecret = loadAuthConfig().jwtSecret;

  console.log(`Starting a platform of its own (database, Temporal dev server, api, worker)...`);
  const stack = await startStack('fuzz');
  try {
    const result = await runFuzz({
      baseUrl: stack.baseUrl,
      ds: stack.db,
      jwtSecret,
      seed,
      requests,
      concurrency: num('FUZZ_CONCURRENCY', 8),
      timeoutMs: num('FUZZ_TIMEOUT_MS', 10_000),
      maxDurationMs: num('FUZZ_MAX_SECONDS', 1800) * 1000,
      scope: 'all',
      log: (line) => console.log(line),
      trace: process.env.FUZZ_TRACE
        ? { op: process.env.FUZZ_TRACE, write: (l) => console.log(l) }
        : undefined,
    });

    const verifyRes = await fetch(`${stack.baseUrl}/api/v1/audit/verify`, {
      headers: { authorization: await result.adminBearer() },
    });
    const verify = (await verifyRes.json()) as {
      ok?: boolean;
      chainsChecked?: number;
      recordsChecked?: number;
      firstBroken?: unknown;
    };
    const disagreements = await settledDisagreements(
      () => findCaseDisagreements(stack.db, stack.client),
      30_000,
    );

    console.log('');
    console.log(formatStats(result));
    console.log('');
    console.log(formatFailures(result.stats.failures));
    console.log('');
    console.log(
      `Audit: GET /audit/verify ${verifyRes.status}, ok ${verify.ok}, ${verify.chainsChecked} chains, ${verify.recordsChecked} records` +
        (verify.firstBroken ? `, first broken: ${JSON.stringify(verify.firstBroken)}` : ''),
    );
    console.log(`Disagreements between workflows and the read model: ${disagreements.length}`);
    for (const d of disagreements) console.log(`  case ${d.caseId}: ${d.what}`);
    const s = result.stats;
    const fiveXx = s.byClass['5xx'] ?? 0;
    console.log('');
    console.log(
      `Summary: seed ${seed}, ${s.requests} requests in ${(s.durationMs / 1000).toFixed(0)} s: ${fiveXx} 5xx, ${s.byClass.timeout ?? 0} timeouts, ` +
        `${s.failures.length} failing requests, ${disagreements.length} disagreements, audit ${verify.ok ? 'intact' : 'NOT intact'}`,
    );
    if (process.env.FUZZ_REPORT) {
      writeFileSync(
        process.env.FUZZ_REPORT,
        JSON.stringify(
          {
            seed,
            requests: s.requests,
            durationMs: s.durationMs,
            byClass: s.byClass,
            byOp: s.byOp,
            failures: s.failures,
            disagreements,
            verify,
          },
          null,
          2,
        ),
      );
      console.log(`Report written to ${process.env.FUZZ_REPORT}`);
    }
    return s.failures.length || disagreements.length || verifyRes.status !== 200 || !verify.ok ? 1 : 0;
  } finally {
    await stack.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
