// POST /api/v1/rules/evaluate over HTTP against the real api (fresh database, migrated, rules loaded,
// demo users seeded; dropped afterwards), side by side with evaluateDraft in-process over the same
// drafts: bare (warm index), and through the RulesDataStore (adds the per-call revision check).
// Temporal is not needed: the api connects to it lazily and these endpoints never call it.
// Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/rules-evaluate-http.bench.ts
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, seedIdentity } from '@comity/auth';
import { dataSourceOptions, dropDatabase, migrate } from '@comity/persistence';
import { loadRulesDocuments, RulesDataStore } from '@comity/rules-store';
import { evaluateDraft, type DraftRequest } from '@comity/treaty-rules';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/configure-app';
import { makeDrafts, mulberry32, percentiles } from './rules-drafts';

const DRAFTS = 2_000;
const WARM_UP = 300;
const CONCURRENCY = [1, 4];

type Stats = ReturnType<typeof percentiles> & { n: number; perSecond: number };

async function measure(
  drafts: readonly DraftRequest[],
  concurrency: number,
  call: (d: DraftRequest) => Promise<void>,
): Promise<Stats> {
  const samples: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < drafts.length) {
        const draft = drafts[next++];
        const t0 = process.hrtime.bigint();
        await call(draft);
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...percentiles(samples), n: samples.length, perSecond: samples.length / seconds };
}

const ms = (v: number) => `${v.toFixed(3)} ms`.padStart(10);
function row(label: string, s: Stats): string {
  return `${label.padEnd(34)} n=${s.n}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  ${s.perSecond.toFixed(0).padStart(6)}/s`;
}

async function bootApi(databaseUrl: string): Promise<{ app: INestApplication; baseUrl: string }> {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '1000000',
    LOGIN_RATE_LIMIT: '1000',
  });
  const app = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
}

async function main(): Promise<void> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/comity_bench_${process.pid}`;
  const databaseUrl = base.toString();
  await migrate(databaseUrl);
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  let app: INestApplication | undefined;
  try {
    await loadRulesDocuments(ds);
    await seedIdentity(ds, { adminEmail: 'admin@bench.comity.dev', adminJurisdiction: 'US', demo: true });
    const api = await bootApi(databaseUrl);
    app = api.app;
    const auth = await login(api.baseUrl, `prosecutor.hn@${DEMO_EMAIL_DOMAIN}`);

    const drafts = makeDrafts(DRAFTS + WARM_UP, mulberry32(20260125));
    const warmUp = drafts.slice(0, WARM_UP);
    const measured = drafts.slice(WARM_UP);
    const bodies = new Map(drafts.map((d) => [d, JSON.stringify(d)]));

    const store = new RulesDataStore(ds);
    const index = await store.index();
    const bare = async (d: DraftRequest) => void evaluateDraft(d, index, new Date());
    const viaStore = async (d: DraftRequest) => void evaluateDraft(d, await store.index(), new Date());
    const revisionCheck = async () => void (await store.index());
    let failures = 0;
    const overHttp = async (d: DraftRequest) => {
      const res = await fetch(`${api.baseUrl}/api/v1/rules/evaluate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: bodies.get(d),
      });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    };

    // The same authenticated request path without an evaluation: what HTTP + auth cost alone.
    const authOnly = async () => {
      const res = await fetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { authorization: auth } });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    };

    for (const call of [bare, viaStore, overHttp, authOnly]) await measure(warmUp, 4, call);
    failures = 0;

    console.log(
      `POST /api/v1/rules/evaluate vs in-process evaluateDraft, ${DRAFTS} varied drafts (node ${process.version})`,
    );
    const results: Record<string, Stats> = {};
    for (const c of CONCURRENCY) {
      results[`bare c=${c}`] = await measure(measured, c, bare);
      results[`store c=${c}`] = await measure(measured, c, viaStore);
      results[`http c=${c}`] = await measure(measured, c, overHttp);
      results[`check c=${c}`] = await measure(measured, c, revisionCheck);
      results[`me c=${c}`] = await measure(measured, c, authOnly);
      console.log(row(`in-process evaluateDraft   c=${c}`, results[`bare c=${c}`]));
      console.log(row(`in-process store+evaluate  c=${c}`, results[`store c=${c}`]));
      console.log(row(`HTTP POST rules/evaluate   c=${c}`, results[`http c=${c}`]));
      console.log(row(`store.index() alone        c=${c}`, results[`check c=${c}`]));
      console.log(row(`HTTP GET auth/me (baseline) c=${c}`, results[`me c=${c}`]));
    }
    const sizes = measured
      .map((d) => evaluateDraft(d, index, new Date()))
      .map((e) => JSON.stringify(e).length);
    console.log(
      `--- mean evaluation answer: ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(1)} KiB`,
    );
    for (const c of CONCURRENCY) {
      const http = results[`http c=${c}`];
      const bareStats = results[`bare c=${c}`];
      console.log(
        `c=${c}: HTTP/in-process p50 ${(http.p50 / bareStats.p50).toFixed(1)}x  p95 ${(http.p95 / bareStats.p95).toFixed(1)}x; ` +
          `target p95 < 20 ms: in-process ${bareStats.p95 < 20 ? 'met' : 'NOT met'}, HTTP ${http.p95 < 20 ? 'met' : 'NOT met'}`,
      );
    }
    if (failures) throw new Error(`${failures} HTTP evaluations did not answer 200`);
  } finally {
    await app?.close();
    await ds.destroy();
    await dropDatabase(databaseUrl);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
