import type { Client, WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkerOptions } from '@temporalio/worker';
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
// side on one dev server as two versions of one deployment. Cases started on the old version
// move to the new one when it becomes current (AUTO_UPGRADE, the rule for case workflows; README
// "Upgrading while cases run"), the new version takes the new cases, and no case fails a replay.
const ROOT = join(__dirname, '..', '..');
// The last commit whose workflow code recorded a decision's projection as a local activity.
const OLD_RELEASE = 'f8a7b86^';
const OLD = 'before-durable-decisions';
const NEW = 'current';
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

async function oldWorkflowBundle(): Promise<{ code: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'comity-old-release-'));
  // The workflow code and the contracts it imports, as that release had them.
  execFileSync('bash', ['-c', `git -C "${ROOT}" archive ${OLD_RELEASE} workflows libs/contracts libs/domain | tar -x -C "${dir}"`]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const { code } = await bundleWorkflowCode({ workflowsPath: join(dir, 'workflows', 'src'), logger: silent });
  return { code, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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

describe('Worker Versioning: an old and a new worker side by side', () => {
  const fake = new FakeMlaActivities();
  const deploymentName = `comity-test-${randomUUID()}`;
  const taskQueue = `versioning-${randomUUID()}`;
  let client: Client;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const c = await testClient();
    client = c.client;
    closers.push(c.close);
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  async function startVersion(buildId: string, source: Partial<WorkerOptions>): Promise<void> {
    const w = await testWorker(fake.activities(), {
      taskQueue,
      ...source,
      // As the worker configures itself from WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID.
      workerDeploymentOptions: workerDeploymentOptions(
        loadWorkerConfig({ WORKER_DEPLOYMENT_NAME: deploymentName, WORKER_BUILD_ID: buildId }),
      ),
    });
    const running = w.worker.run();
    closers.push(async () => {
      w.worker.shutdown();
      await running;
      await w.close();
    });
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

  it('should move running cases to the new version, give it the new cases, and replay every case', async () => {
    const old = await oldWorkflowBundle();
    try {
      await startVersion(OLD, { workflowBundle: { code: old.code } });
    } finally {
      old.cleanup();
    }
    await makeCurrent(OLD);
    const running = await Promise.all([1, 2, 3].map(() => startMla(client, taskQueue)));
    for (const { handle } of running) await drive(handle, 'translation');

    // The new release starts next to the old one, then becomes current.
    await startVersion(NEW, { workflowsPath: require.resolve('../../workflows/src') });
    await makeCurrent(NEW);
    const fresh = await startMla(client, taskQueue);

    for (const { handle } of [...running, fresh]) {
      const path: Parameters<typeof act>[1][] = ['record_translation', 'transmit'];
      if (handle === fresh.handle) await drive(handle, 'ready_to_transmit');
      else await act(handle, 'record_translation', ACTORS.hnCentral);
      await act(handle, path[1], ACTORS.hnCentral);
      await act(handle, 'acknowledge', ACTORS.usCentral);
      await act(handle, 'begin_execution', ACTORS.usCentral);
      await act(handle, 'record_final_response', ACTORS.usCentral, { result: 'executed' });
      await act(handle, 'close', ACTORS.prosecutor);
      await handle.result();
    }

    // Old cases: begun by the old release, finished by the new one; new case: new release only.
    for (const { handle } of running) expect(await buildIdsOf(client, handle)).toEqual([OLD, NEW]);
    expect(await buildIdsOf(client, fresh.handle)).toEqual([NEW]);
    for (const { caseId } of [...running, fresh]) expect(fake.of(caseId).at(-1)?.toStage).toBe('closed');

    // Every run of every case replays on the new release's code without a determinism error.
    const histories = (await Promise.all([...running, fresh].map(({ handle }) => runsOf(client, handle.workflowId)))).flat();
    expect(histories.length).toBeGreaterThanOrEqual(4);
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: require.resolve('../../workflows/src'), dataConverter: dataConverterFromEnv(), bundlerOptions: {} },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
