// The whole platform in one process for benchmarks: a fresh database (migrated, seeded, rules
// loaded; dropped afterwards), a Temporal dev server from the project's CLI build, the real worker
// and the real api on an ephemeral port.
import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, seedIdentity } from '@comity/auth';
import { COMITY_SEARCH_ATTRIBUTES } from '@comity/contracts';
import { dataSourceOptions, dropDatabase, migrate } from '@comity/persistence';
import { loadRulesDocuments } from '@comity/rules-store';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export interface Stack {
  baseUrl: string;
  client: Client;
  token(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startStack(name: string): Promise<Stack> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/comity_bench_${name}_${Date.now()}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  await seedIdentity(ds, { demo: true, adminJurisdiction: 'US', adminEmail: 'admin@bench.local' });
  await loadRulesDocuments(ds);
  await ds.destroy();

  const cli = execFileSync('bash', ['scripts/temporal-cli.sh'], { encoding: 'utf8' }).trim();
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      namespace: 'comity-bench',
      searchAttributes: COMITY_SEARCH_ATTRIBUTES,
      ip: '127.0.0.1',
    },
  });
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'comity-bench',
    LOG_LEVEL: 'warn',
    // The benchmark is one client; the per-client limit would throttle it.
    API_RATE_LIMIT: '100000000',
  });
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const api: INestApplication = configureApp(await NestFactory.create(AppModule, { logger: false, bufferLogs: true }));
  await api.listen(0, '127.0.0.1');
  const baseUrl = `${await api.getUrl()}`.replace('[::1]', '127.0.0.1');
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'comity-bench' });

  return {
    baseUrl,
    client,
    async token(user: string) {
      const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${user}@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD }),
      });
      if (!res.ok) throw new Error(`login ${user}: ${res.status}`);
      return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
    },
    async close() {
      await api.close();
      await worker.close();
      await connection.close();
      await temporal.teardown();
      await dropDatabase(databaseUrl);
    },
  };
}

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

// Runs `count` calls at a concurrency, timing each; returns latencies (ms) and throughput (/s).
export async function run(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<void>,
): Promise<{ samples: number[]; perSecond: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await call(i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, perSecond: (count / (performance.now() - started)) * 1000 };
}

export const fmt = (n: number) => n.toFixed(1);

// Runs a benchmark's main and exits with its outcome (the stack's servers are already closed).
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
