// Worker memory against its workflow cache (WORKER_MAX_CACHED_WORKFLOWS). MEM_CASES open cases
// (default 10,000) are started; then, for each cache size in MEM_CACHE_SIZES, a fresh worker
// reports its resident memory idle, and again once every case has been woken (a no-op Update
// each, so the cache fills up to its size). What one cached case costs is the difference over the
// number cached; what a worker needs is its idle memory plus that times the cache size. The
// worker runs as deployed (compiled, prebuilt workflow bundle): run `npm run build` first.
// Run: npm run build && bash scripts/run-ts.sh bench/worker-memory.bench.ts
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { awaitCreatedUpdate, caseWorkflowId, MLA_WORKFLOW_TYPE } from '@comity/contracts';
import { mlaStartOptions } from '../apps/api/src/cases/case-workflow.client';
import { COMPLETE_DRAFT } from '../test/support/people';
import { rssMiB } from './support/procfs';
import { fmt, run, runBench, startStack } from './support/stack';

const CASES = Number(process.env.MEM_CASES ?? 10_000);
const SIZES = (process.env.MEM_CACHE_SIZES ?? '100,1000,10000').split(',').map(Number);
const CONCURRENCY = 16;
const BUILT_WORKER = 'dist/apps/worker/src/main.js';

async function main(): Promise<void> {
  const stack = await startStack('memory');
  if (!stack.pids) throw new Error('the memory bench needs the worker as a process of its own');
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} missing: run npm run build first`);
  const ids = Array.from({ length: CASES }, () => randomUUID());
  console.log(`Starting ${CASES} cases...`);
  const authority = randomUUID();
  await run(CASES, CONCURRENCY, async (i) => {
    await stack.client.workflow.start(
      MLA_WORKFLOW_TYPE,
      mlaStartOptions({
        caseId: ids[i],
        requestingState: 'HN',
        requestedState: 'US',
        requestingAuthorityId: authority,
        createdBy: randomUUID(),
        internalReview: false,
        draft: COMPLETE_DRAFT,
      }),
    );
  });
  for (;;) {
    const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM cases`);
    if (n >= CASES) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  const settle = async (pid: number) => {
    // Let the collector catch up, so idle means idle.
    await new Promise((r) => setTimeout(r, 3000));
    return rssMiB(pid);
  };
  const rows: string[] = [];
  let previous: { cached: number; loaded: number } | null = null;
  for (const size of SIZES) {
    const pid = await stack.restartWorker({ WORKER_MAX_CACHED_WORKFLOWS: String(size) }, BUILT_WORKER);
    const idle = await settle(pid);
    const woken = await run(CASES, CONCURRENCY, async (i) => {
      await stack.client.workflow.getHandle(caseWorkflowId(ids[i])).executeUpdate(awaitCreatedUpdate, { args: [{}] });
    });
    const loaded = await settle(pid);
    const cached = Math.min(size, CASES);
    // The slope between two cache sizes is what a cached case costs; the first size has none.
    const slope = previous ? fmt(((loaded - previous.loaded) * 1024) / (cached - previous.cached)) : '-';
    rows.push(`| ${size} | ${fmt(idle)} | ${fmt(loaded)} | ${slope} | ${fmt(woken.perSecond)} |`);
    previous = { cached, loaded };
  }
  console.log(`\nWorker memory, ${CASES} open MLA cases (RSS in MiB)`);
  console.log('| cache size | idle | all cases woken | KiB per cached case (slope from the row above) | wake-ups per s |');
  console.log('|---|---|---|---|---|');
  rows.forEach((r) => console.log(r));
  await stack.close();
}

runBench(main);
