// B1: POST /api/v1/cases (auth, validation, Update-with-Start, first projection with audit, read
// back) against a bare client.workflow.start of the same workflow, in the same run, interleaved
// in blocks (ABAB). Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/case-create.bench.ts
import { randomUUID } from 'node:crypto';
import { CASES_TASK_QUEUE, caseWorkflowId, MLA_WORKFLOW_TYPE } from '@comity/contracts';
import { fmt, percentiles, run, startStack } from './support/stack';

const TOTAL = Number(process.env.BENCH_N ?? 1000);
const BLOCKS = 4;

async function main(): Promise<void> {
  const stack = await startStack('create');
  const auth = await stack.token('prosecutor.hn');
  const post = async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ kind: 'mla', requestedState: 'US', draft: { reference: 'BENCH' } }),
    });
    if (res.status !== 201) throw new Error(`POST /cases answered ${res.status}`);
    await res.arrayBuffer();
  };
  const bare = async () => {
    const caseId = randomUUID();
    await stack.client.workflow.start(MLA_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: CASES_TASK_QUEUE,
      args: [{ caseId, requestingState: 'HN', requestedState: 'US', requestingAuthorityId: null, createdBy: randomUUID(), internalReview: false, draft: {} }],
    });
  };
  await run(30, 2, post);
  await run(30, 2, bare);

  const rows: string[] = [];
  for (const concurrency of [1, 8]) {
    const a = { samples: [] as number[], seconds: 0 };
    const b = { samples: [] as number[], seconds: 0 };
    for (let block = 0; block < BLOCKS; block++) {
      for (const [target, fn] of [[a, bare], [b, post]] as const) {
        const r = await run(TOTAL / BLOCKS, concurrency, fn);
        target.samples.push(...r.samples);
        target.seconds += TOTAL / BLOCKS / r.perSecond;
      }
    }
    const pa = percentiles(a.samples);
    const pb = percentiles(b.samples);
    const ta = TOTAL / a.seconds;
    const tb = TOTAL / b.seconds;
    rows.push(
      `| ${concurrency} | ${fmt(pa.p50)} / ${fmt(pa.p95)} / ${fmt(pa.p99)} | ${fmt(ta)} | ${fmt(pb.p50)} / ${fmt(pb.p95)} / ${fmt(pb.p99)} | ${fmt(tb)} | ${(pb.p50 / pa.p50).toFixed(2)} | ${(pb.p95 / pa.p95).toFixed(2)} | ${(tb / ta).toFixed(2)} |`,
    );
  }
  console.log(`B1, ${TOTAL} creations per side and concurrency (ms; throughput per second)`);
  console.log('| c | bare start p50/p95/p99 | bare /s | POST /cases p50/p95/p99 | POST /s | p50 ratio | p95 ratio | throughput ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  rows.forEach((r) => console.log(r));
  await stack.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
