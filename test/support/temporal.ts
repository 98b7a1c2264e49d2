import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { dataConverterFromEnv } from '../../libs/temporal/src/data-converter';

// Connects to the dev server that global-setup started for this run, with the run's payload keys
// (PAYLOAD_KEYS, set by global-setup), as the api's client does.
export async function testClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  return {
    client: new Client({
      connection,
      namespace: process.env.TEMPORAL_NAMESPACE!,
      dataConverter: dataConverterFromEnv(),
    }),
    close: () => connection.close(),
  };
}

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

// A Worker on its own task queue, bundling the real workflow sources, encrypting payloads as the
// real worker does; activities are the test's.
export async function testWorker(
  activities: WorkerOptions['activities'],
  options: Partial<WorkerOptions> = {},
): Promise<{ worker: Worker; taskQueue: string; close: () => Promise<void> }> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE!,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/src'),
    dataConverter: dataConverterFromEnv(),
    activities,
    ...options,
  });
  return { worker, taskQueue, close: () => connection.close() };
}

/** A client and a running test worker with the given activities, and one call that stops both. */
export async function runningTestWorker(
  activities: WorkerOptions['activities'],
): Promise<{ client: Client; taskQueue: string; close: () => Promise<void> }> {
  const c = await testClient();
  const w = await testWorker(activities);
  const running = w.worker.run();
  return {
    client: c.client,
    taskQueue: w.taskQueue,
    close: async () => {
      w.worker.shutdown();
      await running;
      await w.close();
      await c.close();
    },
  };
}

/**
 * For a describe block: a test worker running `activities` from beforeAll to afterAll. The
 * returned client and task queue are there once beforeAll has run (use them inside tests).
 */
export function workerForSuite(activities: () => WorkerOptions['activities']): { client: Client; taskQueue: string } {
  const suite = {} as { client: Client; taskQueue: string };
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ client: suite.client, taskQueue: suite.taskQueue, close } = await runningTestWorker(activities()));
  });
  afterAll(() => close());
  return suite;
}
