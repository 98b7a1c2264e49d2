// B2: real decisions over HTTP (submit, return, approve, transmit, acknowledge, and an
// extradition's record_arrest, which starts the formal-request window: each an Update
// whose projection commits before the answer, which is the case as the caller now sees it)
// against a bare no-op Update on the same workflows, in the same run, interleaved one for one.
// Run: bash scripts/run-ts.sh bench/decision-roundtrip.bench.ts   (BENCH_N cases, default 100)
import { setTimeout } from 'node:timers/promises';
import { awaitCreatedUpdate, caseWorkflowId } from '@comity/contracts';
import { COMPLETE_DRAFT } from '../test/support/people';
import { extraditionDraft } from '../test/support/us-to-mx';
import { fmt, percentiles, runBench, startStack } from './support/stack';

const CASES = Number(process.env.BENCH_N ?? 100);
const SETTLE_MS = 50;

async function main(): Promise<void> {
  const stack = await startStack('decision');
  const [prosecutor, hnCentral, usCentral, usProsecutor, mxCentral] = await Promise.all(
    ['prosecutor.hn', 'central.hn', 'central.us', 'prosecutor.us', 'central.mx'].map((u) => stack.token(u)),
  );
  const call = async (method: string, path: string, auth: string, body: object, expected: number) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });
    if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string; stage: string };
  };
  const act = (id: string, action: string, auth: string, body: object = {}) =>
    call('POST', `/cases/${id}/actions/${action}`, auth, body, 200);
  const noop = (id: string) =>
    stack.client.workflow.getHandle(caseWorkflowId(id)).executeUpdate(awaitCreatedUpdate, { args: [{}] });

  const samples: Record<string, number[]> = { 'no-op Update': [] };
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    (samples[name] ??= []).push(performance.now() - t0);
    return out;
  };
  // One decision, then one bare Update on the same case, so both see the same server and worker.
  // A decision is answered once its projection commits, while the workflow adopts it in one more
  // task; the pause lets that task end so the bare Update is not timed queued behind it (a person
  // takes longer than that between two clicks).
  const decide = async (id: string, action: string, auth: string, body: object = {}) => {
    const out = await timed(action, () => act(id, action, auth, body));
    await setTimeout(SETTLE_MS);
    await timed('no-op Update', () => noop(id));
    await setTimeout(SETTLE_MS);
    return out;
  };

  for (let i = 0; i < CASES; i++) {
    const { id } = await call('POST', '/cases', prosecutor, { kind: 'mla', requestedState: 'US', draft: COMPLETE_DRAFT }, 201);
    if (i < 5) {
      // Warm-up cases are driven but not counted.
      await driveCase(id, (action, auth, body) => act(id, action, auth, body));
      continue;
    }
    await driveCase(id, (action, auth, body) => decide(id, action, auth, body));
    // An extradition to its arrest: record_arrest starts the formal-request window (a clock).
    const extradition = await call('POST', '/cases', usProsecutor, {
      kind: 'extradition',
      requestedState: 'MX',
      draft: extraditionDraft({ requestType: 'provisional_arrest' }),
    }, 201);
    await act(extradition.id, 'submit', usProsecutor);
    await act(extradition.id, 'approve', usCentral);
    await act(extradition.id, 'transmit', usCentral, {
      transmission: { channel: 'diplomatic_note', referenceNumber: 'DOS-LEI-BENCH', sentAt: new Date().toISOString() },
    });
    await setTimeout(SETTLE_MS);
    await decide(extradition.id, 'record_arrest', mxCentral, { arrestedAt: new Date().toISOString(), place: 'Ciudad de México' });
  }

  async function driveCase(
    id: string,
    act: (action: string, auth: string, body?: object) => Promise<{ stage: string }>,
  ): Promise<void> {
    await act('submit', prosecutor);
    await act('return', hnCentral, { reason: 'Add the statute text' });
    await act('submit', prosecutor);
    const { stage } = await act('approve', hnCentral);
    if (stage === 'translation') await act('record_translation', hnCentral);
    await act('transmit', hnCentral);
    await act('acknowledge', usCentral);
  }

  const base = percentiles(samples['no-op Update']);
  console.log(`B2: ${CASES - 5} cases driven over HTTP, each decision followed by a bare no-op Update (ms, Temporal ${stack.temporalDb} store)`);
  console.log('| | n | p50 | p95 | p99 | p50 ratio | p95 ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, list] of Object.entries(samples)) {
    const p = percentiles(list);
    console.log(
      `| ${name} | ${list.length} | ${fmt(p.p50)} | ${fmt(p.p95)} | ${fmt(p.p99)} | ${(p.p50 / base.p50).toFixed(2)} | ${(p.p95 / base.p95).toFixed(2)} |`,
    );
  }
  await stack.close();
}

runBench(main);
