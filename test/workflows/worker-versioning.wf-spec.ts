import type { Client, WorkflowHandle } from '@temporalio/client';
import type { VersioningBehavior } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type ReplayWorkerOptions, type WorkerOptions } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerDeploymentOptions } from '../../apps/worker/src/worker-versioning';
import { loadWorkerConfig } from '../../libs/config/src';
import { dataConverterFromEnv } from '../../libs/temporal/src/data-converter';
import { ACTORS, act, drive, FakeMlaActivities, startMla } from '../support/mla';
import { testClient, testWorker } from '../support/temporal';

// Upgrading workers while cases run, with Worker Versioning (worker deployments): the release
// before the durable-decision patch (its workflow code, from git) and the current code run side by
// side on one dev server as two versions of one deployment, and no case fails a replay.
// - AUTO_UPGRADE (the rule for case workflows, README "Upgrading while cases run"): cases begun on
//   the old version move to the new one when it becomes current; patches keep them deterministic.
// - PINNED (only for short-lived workflows): cases begun on the old version drain on it while the
//   new version takes the new cases.
const ROOT = join(__dirname, '..', '..');
// The last commit whose workflow code recorded a decision's projection as a local activity.
const OLD_RELEASE = 'f8a7b86^';
const OLD = 'before-durable-decisions';
const NEW = 'current';
const CURRENT_WORKFLOWS = require.resolve('../../workflows/src');
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

async function oldWorkflowBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'comity-old-release-'));
  try {
    // The workflow code and the contracts it imports, as that release had them.
    execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${OLD_RELEASE} workflows libs/contracts libs/domain | tar -x -C "${dir}"`]);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return (await bundleWorkflowCode({ workflowsPath: join(dir, 'workflows', 'src'), logger: silent })).code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type History = temporal.api.history.v1.IHistory;

// Every run of a case (the dev server in tests suggests continue-as-new every ~40 events), oldest first.
async function runsOf(client: Client, workflowId: string): Promise<{ workflowId: string; history: History }[]> {
  const runs: { runId: string; startTime: Date }[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  return Promise.all(
    runs.map(async (r) => ({ workflowId, history: (await client.workflow.getHandle(workflowId, r.runId).fetchHistory()) as History })),
  );
}

// The build ids of the workers that completed the case's workflow tasks, in order of first use.
async function buildIdsOf(client: Client, handle: WorkflowHandle): Promise<string[]> {
  const ids = (await runsOf(client, handle.workflowId))
    .flatMap((run) => run.history.events ?? [])
    .map((e) => e.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId)
    .filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

// Replays every run of the cases on `code`; returns the failures.
async function replayFailures(client: Client, handles: WorkflowHandle[], code: Pick<ReplayWorkerOptions, 'workflowsPath' | 'workflowBundle'>) {
  const histories = (await Promise.all(handles.map((h) => runsOf(client, h.workflowId)))).flat();
  expect(histories.length).toBeGreaterThanOrEqual(handles.length);
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ ...code, dataConverter: dataConverterFromEnv() }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return failures;
}

async function finish(handle: WorkflowHandle): Promise<void> {
  await act(handle, 'transmit', ACTORS.hnCentral);
  await act(handle, 'acknowledge', ACTORS.usCentral);
  await act(handle, 'begin_execution', ACTORS.usCentral);
  await act(handle, 'record_final_response', ACTORS.usCentral, { result: 'executed' });
  await act(handle, 'close', ACTORS.prosecutor);
  await handle.result();
}

describe('Worker Versioning: an old and a new worker side by side', () => {
  const fake = new FakeMlaActivities();
  let client: Client;
  let oldCode: string;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const c = await testClient();
    client = c.client;
    closers.push(c.close);
    oldCode = await oldWorkflowBundle();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  /** One deployment on a task queue of its own, with its workers started and made current. */
  function deployment(behavior: VersioningBehavior) {
    const deploymentName = `comity-test-${randomUUID()}`;
    const taskQueue = `versioning-${randomUUID()}`;

    async function start(buildId: string, source: Partial<WorkerOptions>): Promise<void> {
      // As the worker configures itself from WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID; a
      // short-lived workflow would ask for PINNED itself (setWorkflowOptions).
      const options = workerDeploymentOptions(
        loadWorkerConfig({ WORKER_DEPLOYMENT_NAME: deploymentName, WORKER_BUILD_ID: buildId }),
      );
      if (!options?.useWorkerVersioning) throw new Error('the worker configuration left versioning off');
      const w = await testWorker(fake.activities(), {
        taskQueue,
        ...source,
        workerDeploymentOptions: { ...options, defaultVersioningBehavior: behavior },
      });
      const running = w.worker.run();
      closers.push(async () => {
        w.worker.shutdown();
        await running;
        await w.close();
      });
      await makeCurrent(buildId);
    }

    // What `temporal worker deployment set-current-version` does; the version exists once its
    // worker has polled, so the first attempts may find it missing.
    async function makeCurrent(buildId: string): Promise<void> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          await client.workflowService.setWorkerDeploymentCurrentVersion({
            namespace: process.env.TEMPORAL_NAMESPACE,
            deploymentName,
            buildId,
            identity: 'worker-versioning test',
          });
          return;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }

    /** Cases begun on the old version, the new version made current, one case begun on it; all finished. */
    async function upgradeWhileCasesRun(): Promise<{ running: WorkflowHandle[]; fresh: WorkflowHandle }> {
      await start(OLD, { workflowBundle: { code: oldCode } });
      const running = (await Promise.all([1, 2, 3].map(() => startMla(client, taskQueue)))).map((c) => c.handle);
      for (const handle of running) await drive(handle, 'translation');

      await start(NEW, { workflowsPath: CURRENT_WORKFLOWS });
      const fresh = (await startMla(client, taskQueue)).handle;
      await drive(fresh, 'ready_to_transmit');
      for (const handle of running) await act(handle, 'record_translation', ACTORS.hnCentral);
      for (const handle of [...running, fresh]) await finish(handle);
      for (const handle of [...running, fresh]) {
        expect(fake.of(handle.workflowId.replace(/^case\//, '')).at(-1)?.toStage).toBe('closed');
      }
      return { running, fresh };
    }

    return { upgradeWhileCasesRun };
  }

  it('AUTO_UPGRADE: should move running cases to the new version, give it the new cases, and replay every case on it', async () => {
    const { running, fresh } = await deployment('AUTO_UPGRADE').upgradeWhileCasesRun();

    // Old cases: begun by the old release, finished by the new one; new case: new release only.
    for (const handle of running) expect(await buildIdsOf(client, handle)).toEqual([OLD, NEW]);
    expect(await buildIdsOf(client, fresh)).toEqual([NEW]);
    // Every run of every case replays on the new release's code without a determinism error.
    expect(await replayFailures(client, [...running, fresh], { workflowsPath: CURRENT_WORKFLOWS })).toEqual([]);
  });

  it('PINNED: should let running cases drain on the old version while the new one takes the new cases', async () => {
    const { running, fresh } = await deployment('PINNED').upgradeWhileCasesRun();

    for (const handle of running) expect(await buildIdsOf(client, handle)).toEqual([OLD]);
    expect(await buildIdsOf(client, fresh)).toEqual([NEW]);
    // Each case replays on the code of the version it is pinned to.
    expect(await replayFailures(client, running, { workflowBundle: { code: oldCode } })).toEqual([]);
    expect(await replayFailures(client, [fresh], { workflowsPath: CURRENT_WORKFLOWS })).toEqual([]);
  });
});
