// B1: POST /api/v1/cases (auth, validation, Update-with-Start, first projection with audit, read
// back) against a bare client.workflow.start of the same workflow, in the same run, interleaved
// in blocks (ABAB), for each kind of case (MLA, and extradition with its fuller draft). Every mode
// leaves the worker the same work (run the workflow, project the case); each block waits until
// that work is done before the next starts, so no mode pays for another's backlog.
// Run: BENCH_KINDS=mla,extradition npx ts-node --transpile-only -r tsconfig-paths/register bench/case-create.bench.ts
import { randomUUID } from 'node:crypto';
import type { CaseDraft, CaseKindName, CaseWorkflowInput } from '@comity/contracts';
import { caseStartOptions, workflowTypeOf } from '../apps/api/src/cases/case-workflow.client';
import { extraditionDraft } from '../test/support/us-to-mx';
import { fmt, percentiles, run, runBench, startStack, type Stack } from './support/stack';

const TOTAL = Number(process.env.BENCH_N ?? 1000);
const BLOCKS = 4;

// What each kind's case is created with: who drafts it, between which states, and its draft.
const CASES = {
  mla: { creator: 'prosecutor.hn', requestingState: 'HN', requestedState: 'US', draft: { reference: 'BENCH' } },
  // The test draft is a plain object literal; the api validates it as a CaseDraft.
  extradition: { creator: 'prosecutor.us', requestingState: 'US', requestedState: 'MX', draft: extraditionDraft() as CaseDraft },
} satisfies Partial<Record<CaseKindName, object>>;
type Kind = keyof typeof CASES;
const KINDS = (process.env.BENCH_KINDS ?? 'mla,extradition').split(',') as Kind[];

async function main(): Promise<void> {
  const unknown = KINDS.filter((k) => !(k in CASES));
  if (unknown.length) throw new Error(`BENCH_KINDS: no such kind ${unknown.join(', ')} (${Object.keys(CASES).join(', ')})`);
  const stack = await startStack('create');
  const creations = { started: 0 };
  const rows: string[] = [];
  for (const kind of KINDS) rows.push(...(await measure(stack, kind, creations)));
  console.log(`B1, ${TOTAL} creations per kind, mode and concurrency, Temporal dev server store: ${stack.temporalDb} (ms; throughput per second; ratios to the bare start of the same kind)`);
  console.log('| kind | c | mode | p50 / p95 / p99 | per second | p50 ratio | p95 ratio | throughput ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  rows.forEach((r) => console.log(r));
  await stack.close();
}

// One kind's table rows: the three modes at concurrency 1 and 8.
async function measure(stack: Stack, kind: Kind, creations: { started: number }): Promise<string[]> {
  const { creator, requestingState, requestedState, draft } = CASES[kind];
  const auth = await stack.token(creator);
  const poster = (prefer: string | null, expected: number) => async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: auth,
        'idempotency-key': randomUUID(),
        ...(prefer ? { prefer } : {}),
      },
      body: JSON.stringify({ kind, requestedState, draft }),
    });
    if (res.status !== expected) throw new Error(`POST /cases (${kind}) answered ${res.status}`);
    await res.arrayBuffer();
  };
  const post = poster(null, 201);
  const postAsync = poster('respond-async', 202);
  // The very start request the api makes for a case (same options, search attributes and input
  // shape), made directly: what the api adds around it is what B1 measures.
  const bare = async () => {
    const input: CaseWorkflowInput = {
      kind,
      caseId: randomUUID(),
      requestingState,
      requestedState,
      requestingAuthorityId: randomUUID(),
      createdBy: randomUUID(),
      internalReview: false,
      draft,
    };
    await stack.client.workflow.start(workflowTypeOf(input), caseStartOptions(input));
  };
  const drained = async () => {
    for (;;) {
      const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM cases`);
      if (n >= creations.started) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const block = async (count: number, concurrency: number, fn: () => Promise<void>) => {
    const r = await run(count, concurrency, fn);
    creations.started += count;
    await drained();
    return r;
  };
  await block(30, 2, post);
  await block(30, 2, bare);

  const rows: string[] = [];
  const modes = [
    ['bare client.workflow.start', bare],
    ['POST /cases (201, read back)', post],
    ['POST /cases, Prefer: respond-async (202)', postAsync],
  ] as const;
  for (const concurrency of [1, 8]) {
    const acc = modes.map(() => ({ samples: [] as number[], seconds: 0 }));
    for (let b = 0; b < BLOCKS; b++) {
      for (const [i, [, fn]] of modes.entries()) {
        const r = await block(TOTAL / BLOCKS, concurrency, fn);
        acc[i].samples.push(...r.samples);
        acc[i].seconds += TOTAL / BLOCKS / r.perSecond;
      }
    }
    const base = percentiles(acc[0].samples);
    const baseRate = TOTAL / acc[0].seconds;
    for (const [i, [name]] of modes.entries()) {
      const p = percentiles(acc[i].samples);
      const rate = TOTAL / acc[i].seconds;
      rows.push(
        `| ${kind} | ${concurrency} | ${name} | ${fmt(p.p50)} / ${fmt(p.p95)} / ${fmt(p.p99)} | ${fmt(rate)} | ${(p.p50 / base.p50).toFixed(2)} | ${(p.p95 / base.p95).toFixed(2)} | ${(rate / baseRate).toFixed(2)} |`,
      );
    }
  }
  return rows;
}

runBench(main);
