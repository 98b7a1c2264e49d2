// The baseline of deadline precision: the same instants on bare Temporal timers, in their own
// workflows on their own task queue, served by a worker in this process that is never restarted.
import { Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Stack } from './stack';
import { run } from './stats';
import type { timerBaseline as timers } from './timer-baseline.workflow';

const TASK_QUEUE = 'bench-timer-baseline';

/**
 * The baseline's worker, polling from now on (its workflow bundle is built here, before the
 * measured part); `start` gives it one timer workflow per list of instants, and `lags` resolves to
 * every timer's lag (ms) once all have fired.
 */
export async function timerBaseline(stack: Stack): Promise<{ start(lists: number[][]): Promise<void>; lags(): Promise<number[]> }> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const namespace = stack.client.options.namespace;
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./timer-baseline.workflow'),
  });
  const running = worker.run();
  // Plain payloads: nothing here is confidential.
  const client = new Client({ connection: stack.client.connection, namespace });
  const handles: WorkflowHandleWithFirstExecutionRunId<typeof timers>[] = [];
  return {
    async start(lists) {
      await run(lists.length, 8, async (i) => {
        handles.push(await client.workflow.start<typeof timers>('timerBaseline', { taskQueue: TASK_QUEUE, workflowId: `baseline/${randomUUID()}`, args: [lists[i]] }));
      });
    },
    async lags() {
      const results = await Promise.all(handles.map((h) => h.result()));
      worker.shutdown();
      await running;
      await connection.close();
      return results.flat();
    },
  };
}
