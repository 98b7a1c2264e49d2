import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

const ROOT = join(__dirname, '..', '..');

// The real api on an ephemeral port, against the run's database and Temporal server.
export async function startApi(): Promise<INestApplication> {
  process.env.LOG_LEVEL ??= 'warn';
  const app = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
  await app.listen(0, '127.0.0.1');
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
export async function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Polling task queue')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before polling:\n${output}`)));
  });
  await ready;
  return child;
}

export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}
