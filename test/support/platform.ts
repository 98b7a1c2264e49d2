import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { recordResponses, rememberDocument } from './openapi-contract';

export { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');

// The real api on an ephemeral port, against the run's database and Temporal server.
export async function startApi(): Promise<INestApplication> {
  process.env.LOG_LEVEL ??= 'warn';
  const nest = await NestFactory.create(AppModule, { bufferLogs: true });
  // Every answer is recorded and checked against the OpenAPI document after the test file.
  nest.use(recordResponses());
  const app = configureApp(nest);
  await app.listen(0, '127.0.0.1');
  const docs = await fetch(`${await app.getUrl()}/api/docs-json`);
  rememberDocument((await docs.json()) as Parameters<typeof rememberDocument>[0]);
  return app;
}

// The real worker in this process.
export async function startWorker(): Promise<INestApplicationContext> {
  process.env.LOG_LEVEL ??= 'warn';
  // Loaded here, so api-only tests do not load the worker's module graph.
  const { WorkerModule } = await import('../../apps/worker/src/worker.module');
  return NestFactory.createApplicationContext(WorkerModule, { logger: false });
}

// The real worker as its own OS process, for crash tests (SIGKILL leaves no chance to clean up).
export function spawnWorker(env: Record<string, string> = {}, entry = 'apps/worker/src/main.ts'): Promise<ChildProcess> {
  return spawnApp(entry, { LOG_LEVEL: 'info', ...env }, (output) => output.includes('Polling task queue'));
}

// Starts one of the apps from source as its own process (transpiled once at load, so nothing per
// request) and resolves once `ready` says so, polled every 100 ms against the output so far;
// rejects if the process exits first or is not ready within a minute. `onOutput` sees all of its
// stdout and stderr, from the first byte.
export async function spawnApp(
  entry: string,
  env: Record<string, string>,
  ready: (output: string) => boolean | Promise<boolean>,
  onOutput?: (chunk: string) => void,
): Promise<ChildProcess> {
  // Compiled entries (dist/…, as deployed) run as they are; sources through ts-node.
  const loaders = entry.endsWith('.js') ? [] : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
  const child = spawn(process.execPath, [...loaders, entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // The tail only: enough to show why it failed.
  const keep = (chunk: Buffer) => {
    onOutput?.(chunk.toString());
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`))),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + 60_000;
  while (!(await Promise.race([exited, ready(output)]))) {
    if (Date.now() > deadline) throw new Error(`${entry} was not ready within a minute:\n${output}`);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
  }
  return child;
}

export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}

