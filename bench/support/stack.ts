// The whole platform for benchmarks: a fresh database (migrated, seeded, rules loaded; dropped
// afterwards), a Temporal dev server from the project's CLI build, the real worker and the real
// api. By default the api and the worker run as processes of their own, as deployed, so the
// benchmark client never shares an event loop with them; BENCH_PROCESSES=one keeps all three in
// this process (quicker to profile).
import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, seedIdentity } from '@comity/auth';
import { COMITY_SEARCH_ATTRIBUTES } from '@comity/contracts';
import { dataSourceOptions, dropDatabase, migrate } from '@comity/persistence';
import { loadRulesDocuments } from '@comity/rules-store';
import { dataConverterFromEnv, dynamicConfigArgs, sqlitePragmaArgs } from '@comity/temporal';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { freePort, kill, spawnApp, spawnWorker } from '../../test/support/platform';

export { fmt, percentiles, run } from './stats';

interface Platform {
  baseUrl: string;
  /**
   * The api's and the workers' process ids when they run as processes of their own (`worker` is
   * the first worker's).
   */
  pids: { api: number; worker: number; workers: number[] } | null;
  /**
   * Stops a worker (SIGTERM: drained; SIGKILL: a crash; the first one unless `which` says) and
   * starts a new one in its place with these settings added, from its sources or from `entry`
   * (e.g. the built dist/apps/worker/src/main.js); resolves to its pid. The other workers go on.
   */
  restartWorker(env: Record<string, string>, entry?: string, signal?: NodeJS.Signals, which?: number): Promise<number>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Worker processes on the case task queue, as replicas are deployed (default 1). */
  workers?: number;
}

async function inProcess(): Promise<Platform> {
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const api: INestApplication = configureApp(await NestFactory.create(AppModule, { logger: false, bufferLogs: true }));
  await api.listen(0, '127.0.0.1');
  return {
    baseUrl: `${await api.getUrl()}`.replace('[::1]', '127.0.0.1'),
    pids: null,
    restartWorker: () => Promise.reject(new Error('restartWorker needs the worker as a process of its own')),
    async close() {
      await api.close();
      await worker.close();
    },
  };
}

async function ownProcesses(count: number): Promise<Platform> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // One after the other: each bundles its workflows at start, and the machine may be small.
  const workers: ChildProcess[] = [];
  for (let i = 0; i < count; i++) workers.push(await spawnWorker());
  // BENCH_API_LOG=<file> keeps the api's output (e.g. why it answered a 500).
  const apiLog = process.env.BENCH_API_LOG;
  const api = await spawnApp(
    'apps/api/src/main.ts',
    { API_PORT: String(port) },
    () => fetch(`${baseUrl}/health`).then((r) => r.ok, () => false),
    apiLog ? (chunk) => appendFileSync(apiLog, chunk) : undefined,
  );
  const pids = { api: api.pid!, worker: workers[0].pid!, workers: workers.map((w) => w.pid!) };
  return {
    baseUrl,
    pids,
    async restartWorker(env, entry, signal = 'SIGTERM', which = 0) {
      await kill(workers[which], signal);
      workers[which] = await spawnWorker(env, entry);
      pids.workers[which] = workers[which].pid!;
      pids.worker = pids.workers[0];
      return pids.workers[which];
    },
    async close() {
      for (const child of [api, ...workers]) await kill(child, 'SIGTERM');
    },
  };
}

export interface Stack {
  baseUrl: string;
  client: Client;
  /** Which dev-server store the run used. */
  temporalDb: 'file' | 'memory';
  /** The run's database, for waiting on the read model. */
  db: DataSource;
  /** The api's and the workers' process ids (null with BENCH_PROCESSES=one). */
  pids: Platform['pids'];
  restartWorker: Platform['restartWorker'];
  token(email: string): Promise<string>;
  close(): Promise<void>;
}

// Stacks not closed yet: a benchmark that fails closes them on its way out, so its api, workers
// and Temporal server do not outlive it.
const openStacks = new Set<Stack>();

export async function startStack(name: string, options: StackOptions = {}): Promise<Stack> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/comity_bench_${name}_${Date.now()}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  await seedIdentity(ds, { demo: true, adminJurisdiction: 'US', adminEmail: 'admin@bench.local' });
  await loadRulesDocuments(ds);

  const cli = execFileSync('bash', ['scripts/temporal-cli.sh'], { encoding: 'utf8' }).trim();
  // File-backed by default, as `npm start` runs it (scripts/temporal-dev-server.sh);
  // BENCH_TEMPORAL_DB=memory for the in-memory store the tests use.
  const dbDir = process.env.BENCH_TEMPORAL_DB === 'memory' ? null : mkdtempSync(join(tmpdir(), 'comity-bench-'));
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      ...(dbDir ? { dbFilename: join(dbDir, 'temporal.sqlite') } : {}),
      namespace: 'comity-bench',
      searchAttributes: COMITY_SEARCH_ATTRIBUTES,
      ip: '127.0.0.1',
      extraArgs: [...dynamicConfigArgs(), ...(dbDir ? sqlitePragmaArgs() : [])],
    },
  });
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'comity-bench',
    LOG_LEVEL: 'warn',
    // The benchmark is one client; the per-client limit would throttle it.
    API_RATE_LIMIT: '100000000',
    // Payloads encrypted as deployed: the api, the worker and this client share the run's key.
    PAYLOAD_KEYS: process.env.PAYLOAD_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
  });
  // Metrics on free ports: the machine may run other stacks (and the defaults) at the same time.
  process.env.API_METRICS_PORT ??= '0';
  process.env.WORKER_METRICS_PORT ??= '0';
  const workers = options.workers ?? 1;
  if (process.env.BENCH_PROCESSES === 'one' && workers !== 1) throw new Error('BENCH_PROCESSES=one runs a single worker');
  const platform = process.env.BENCH_PROCESSES === 'one' ? await inProcess() : await ownProcesses(workers);
  const baseUrl = platform.baseUrl;
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'comity-bench', dataConverter: dataConverterFromEnv() });

  const stack: Stack = {
    baseUrl,
    client,
    temporalDb: dbDir ? 'file' : 'memory',
    db: ds,
    pids: platform.pids,
    restartWorker: (env, entry, signal, which) => platform.restartWorker(env, entry, signal, which),
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
      openStacks.delete(stack);
      await platform.close();
      await connection.close();
      await temporal.teardown();
      if (dbDir) rmSync(dbDir, { recursive: true, force: true });
      await ds.destroy();
      await dropDatabase(databaseUrl);
    },
  };
  openStacks.add(stack);
  return stack;
}


// Runs a benchmark's main and exits with its outcome; on failure, closes the stacks it left open.
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    async (err: unknown) => {
      console.error(err);
      await Promise.allSettled([...openStacks].map((stack) => stack.close()));
      process.exit(1);
    },
  );
}
