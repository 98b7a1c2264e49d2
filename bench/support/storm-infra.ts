// The fault storm's own platform: an embedded PostgreSQL and a file-backed Temporal dev server,
// both on free ports with their data in the run's directory so either can be stopped and started
// again with its data kept, and the api and the worker as OS processes that can be SIGKILLed and
// started again. Nothing here touches the machine's shared PostgreSQL or a dev server on 7233.
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { COMITY_SEARCH_ATTRIBUTES } from '@comity/contracts';
import { dynamicConfigArgs, sqlitePragmaArgs } from '@comity/temporal';

import { freePort } from '../../test/support/free-port';

export { freePort };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A storm client giving a case up: a step kept failing, or answered what it never should. */
export class StuckError extends Error {}

function alive(child: ChildProcess | undefined): boolean {
  return !!child && child.exitCode === null && child.signalCode === null;
}

async function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!alive(child)) return true;
  const exited = once(child, 'exit').then(() => true);
  return Promise.race([exited, sleep(timeoutMs).then(() => !alive(child))]);
}

/**
 * One long-lived OS process that the storm stops (gracefully or with SIGKILL) and starts again.
 * Its output is appended to a log file across restarts, and the tail is kept for error messages.
 */
export class ManagedProcess {
  child: ChildProcess | undefined;
  starts = 0;
  private tail = '';
  private readonly log: WriteStream;

  constructor(
    readonly name: string,
    private readonly command: () => { file: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv },
    private readonly ready: (output: string) => boolean | Promise<boolean>,
    logDir: string,
    private readonly readyTimeoutMs = 120_000,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  outputTail(chars = 4000): string {
    return this.tail.slice(-chars);
  }

  /** Starts the process and resolves once it is ready; rejects if it exits first or is too slow. */
  async start(): Promise<void> {
    const { file, args, cwd, env } = this.command();
    this.starts += 1;
    this.log.write(`\n===== ${new Date().toISOString()} start #${this.starts} (${this.name}) =====\n`);
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    const keep = (chunk: Buffer) => {
      this.log.write(chunk);
      output = (output + chunk.toString()).slice(-50_000);
      this.tail = output;
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) =>
      this.log.write(
        `\n===== ${new Date().toISOString()} exit code=${code} signal=${signal} (${this.name}) =====\n`,
      ),
    );
    const deadline = Date.now() + this.readyTimeoutMs;
    for (;;) {
      if (!alive(child))
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.slice(-4000)}`,
        );
      if (await this.ready(output)) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `${this.name} was not ready within ${this.readyTimeoutMs / 1000} s:\n${output.slice(-4000)}`,
        );
      }
      await sleep(150);
    }
  }

  /** Starts the process, trying again (a dependency may be down for a moment) until it is ready. */
  async startWithRetries(attempts = 8, onFailure?: (err: unknown) => void): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        return await this.start();
      } catch (err) {
        onFailure?.(err);
        if (i >= attempts) throw err;
        await sleep(1000 * i);
      }
    }
  }

  /** SIGKILL: no chance to clean up. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !alive(child)) return;
    child.kill('SIGKILL');
    await waitExit(child, 30_000);
  }

  /** A graceful stop (SIGTERM, or the given signal), then SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !alive(child)) return;
    child.kill(signal);
    if (!(await waitExit(child, graceMs))) {
      child.kill('SIGKILL');
      await waitExit(child, 10_000);
    }
  }

  isAlive(): boolean {
    return alive(this.child);
  }

  close(): void {
    this.log.end();
  }
}

export interface StormPlatformOptions {
  /** Directory of the source snapshot the apps run from. */
  root: string;
  /** The run's directory: data and logs. */
  runDir: string;
  temporalCli: string;
  namespace: string;
}

export interface StormPlatform {
  databaseUrl: string;
  temporalAddress: string;
  baseUrl: string;
  postgres: ManagedProcess;
  temporal: ManagedProcess;
  api: ManagedProcess;
  worker: ManagedProcess;
  /** Environment of the api and the worker. */
  appEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

const NODE_TS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/** Creates the four processes (none started yet). */
export async function stormPlatform(o: StormPlatformOptions): Promise<StormPlatform> {
  const [pgPort, temporalPort, temporalHttpPort, apiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const logDir = join(o.runDir, 'logs');
  const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/comity_storm`;
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const baseUrl = `http://127.0.0.1:${apiPort}`;

  // scripts/embedded-postgres.mjs keeps its data in $COMITY_DATA_DIR/postgres and stops
  // PostgreSQL (a fast shutdown) on SIGTERM; started again, it reuses the data directory.
  const postgres = new ManagedProcess(
    'postgres',
    () => ({
      file: process.execPath,
      args: ['scripts/embedded-postgres.mjs'],
      cwd: o.root,
      env: { ...process.env, DATABASE_URL: databaseUrl, COMITY_DATA_DIR: join(o.runDir, 'data') },
    }),
    (out) => out.includes('embedded PostgreSQL listening'),
    logDir,
  );

  const temporalDb = join(o.runDir, 'data', 'temporal.sqlite');
  const temporal = new ManagedProcess(
    'temporal',
    () => ({
      file: o.temporalCli,
      args: [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(temporalPort),
        '--http-port',
        String(temporalHttpPort),
        '--db-filename',
        temporalDb,
        '--namespace',
        o.namespace,
        ...dynamicConfigArgs(),
        ...sqlitePragmaArgs(),
        ...COMITY_SEARCH_ATTRIBUTES.flatMap((a) => [
          '--search-attribute',
          `${a.name}=${searchAttributeType(a.type)}`,
        ]),
        '--log-level',
        'warn',
      ],
      cwd: o.root,
      env: process.env,
    }),
    () => temporalReady(temporalAddress, o.namespace),
    logDir,
  );

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: o.namespace,
    API_PORT: String(apiPort),
    // Operations ports (metrics, the worker's probes) on free ports: other runs may share the machine.
    API_METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    // A fixed secret: tokens stay valid across api restarts, as with any deployed secret.
    AUTH_JWT_SECRET: 'fault-storm-secret-0123456789-abcdefghijklmnop',
    // The storm's clients all come from 127.0.0.1; the per-client limits would throttle them.
    API_RATE_LIMIT: '100000000',
    LOGIN_RATE_LIMIT: '100000000',
  };
  const api = new ManagedProcess(
    'api',
    () => ({
      file: process.execPath,
      args: [...NODE_TS, 'apps/api/src/main.ts'],
      cwd: o.root,
      env: { ...appEnv, LOG_LEVEL: 'warn' },
    }),
    // Listening is enough: /health may say 503 while PostgreSQL or Temporal is restarting.
    () =>
      fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(3000) }).then(
        () => true,
        () => false,
      ),
    logDir,
  );
  const worker = new ManagedProcess(
    'worker',
    () => ({
      file: process.execPath,
      args: [...NODE_TS, 'apps/worker/src/main.ts'],
      cwd: o.root,
      env: { ...appEnv, LOG_LEVEL: 'info' },
    }),
    (out) => out.includes('Polling task queue'),
    logDir,
  );

  return {
    databaseUrl,
    temporalAddress,
    baseUrl,
    postgres,
    temporal,
    api,
    worker,
    appEnv,
    async close() {
      for (const p of [api, worker]) await p.stop('SIGTERM', 15_000);
      await temporal.stop('SIGTERM', 20_000);
      await postgres.stop('SIGTERM', 30_000);
      for (const p of [api, worker, temporal, postgres]) p.close();
    },
  };
}

function searchAttributeType(valueType: string): string {
  const types: Record<string, string> = {
    KEYWORD: 'Keyword',
    BOOL: 'Bool',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    DATETIME: 'Datetime',
  };
  const t = types[valueType.toUpperCase()];
  if (!t) throw new Error(`unknown search attribute type ${valueType}`);
  return t;
}

async function temporalReady(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.withDeadline(Date.now() + 2000, () =>
      connection!.workflowService.describeNamespace({ namespace }),
    );
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
