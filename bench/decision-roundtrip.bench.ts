// B2: a decision round trip over HTTP (the update returns after its projection has committed, then
// the case is read back) against a bare no-op Update on the same workflows, in the same run,
// interleaved (ABAB). Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/decision-roundtrip.bench.ts
import { awaitCreatedUpdate, caseWorkflowId } from '@comity/contracts';
import { fmt, percentiles, run, runBench, startStack } from './support/stack';

const ROUNDS = Number(process.env.BENCH_N ?? 400);
const CASES = 20;
const BLOCKS = 4;

async function main(): Promise<void> {
  const stack = await startStack('decision');
  const auth = await stack.token('prosecutor.hn');
  const ids: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const res = await fetch(`${stack.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ kind: 'mla', requestedState: 'US', draft: { reference: `B2-${i}` } }),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
  const decide = async (i: number) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/cases/${ids[i % CASES]}/draft`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ purpose: `round ${i}` }),
    });
    if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  const noop = async (i: number) => {
    await stack.client.workflow.getHandle(caseWorkflowId(ids[i % CASES])).executeUpdate(awaitCreatedUpdate, { args: [{}] });
  };
  await run(40, 1, decide);
  await run(40, 1, noop);

  const a: number[] = [];
  const b: number[] = [];
  for (let block = 0; block < BLOCKS; block++) {
    a.push(...(await run(ROUNDS / BLOCKS, 1, noop)).samples);
    b.push(...(await run(ROUNDS / BLOCKS, 1, decide)).samples);
  }
  const pa = percentiles(a);
  const pb = percentiles(b);
  console.log(`B2, ${ROUNDS} round trips per side at concurrency 1 (ms)`);
  console.log('| | p50 | p95 | p99 |');
  console.log('|---|---|---|---|');
  console.log(`| bare no-op Update | ${fmt(pa.p50)} | ${fmt(pa.p95)} | ${fmt(pa.p99)} |`);
  console.log(`| PATCH draft (update + projection + read) | ${fmt(pb.p50)} | ${fmt(pb.p95)} | ${fmt(pb.p99)} |`);
  console.log(`| ratio | ${(pb.p50 / pa.p50).toFixed(2)} | ${(pb.p95 / pa.p95).toFixed(2)} | ${(pb.p99 / pa.p99).toFixed(2)} |`);
  await stack.close();
}

runBench(main);
