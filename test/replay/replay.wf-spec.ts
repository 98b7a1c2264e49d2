import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { historyFromJSON, historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { loadPayloadConfig } from '@comity/config';
import { getCaseStateQuery } from '@comity/contracts';
import { TRACING_WORKFLOW_MODULE } from '../../apps/worker/src/observability/tracing-workflow-module';
import {
  AesGcmPayloadCodec,
  dataConverterFromEnv,
  ENCRYPTED_ENCODING,
  FAILURE_CONVERTER_PATH,
} from '@comity/temporal';
import * as workflows from '../../workflows/src';
import { ACTORS, act, decryptedHistoryJson, drive, FakeMlaActivities, startMla } from '../support/mla';
import { eventually } from '../support/eventually';
import { EXTRADITION_ACTORS, startCase, steps, TO_TRANSMITTED } from '../support/extradition';
import { runningTestWorker, testClient, testWorker } from '../support/temporal';

// Saved histories of every path replay against the current workflow code: a change to a
// deployed workflow's command sequence without patched() fails here. They replay as the worker
// runs, with the payload codec: the saved ones predate encryption, and their payloads pass through.
const HISTORIES = join(__dirname, 'histories');
const WORKFLOWS_PATH = require.resolve('../../workflows/src');

// The workflow code is bundled once for the whole file: each replay would otherwise run webpack
// again (tens of seconds on a busy machine).
let workflowBundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH });
}, 180_000);

function savedHistories() {
  return readdirSync(HISTORIES).flatMap((type) =>
    readdirSync(join(HISTORIES, type))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({
        type,
        workflowId: `${type}/${f.replace(/\.json$/, '')}`,
        history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, type, f), 'utf8'))),
      })),
  );
}

describe('replay of saved histories', () => {
  const histories = savedHistories();

  it('should have at least one saved history for every workflow type', () => {
    const covered = new Set(histories.map((h) => h.type));
    expect(Object.keys(workflows).filter((type) => !covered.has(type))).toEqual([]);
  });

  it('should replay every saved history without a determinism violation, with the payload codec configured', async () => {
    const failures: string[] = [];
    const results = Worker.runReplayHistories(
      { workflowBundle, dataConverter: dataConverterFromEnv() },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(histories.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('should fail a history replayed against workflow code with a command added (control)', async () => {
    // The fixture adds a command to the deployed MLA workflow.
    const { history } = histories.find((h) => h.type === 'mlaRequestWorkflow')!;
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: require.resolve('./fixtures/nondeterministic-workflows') },
        history,
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});

describe('replay of a history recorded with encrypted payloads', () => {
  let history: History;

  beforeAll(async () => {
    const fake = new FakeMlaActivities();
    const { client, taskQueue, close } = await runningTestWorker(fake.activities());
    try {
      const { handle } = await startMla(client, taskQueue, {
        draft: { reference: 'REPLAY-ENC-1', summary: 'Sealed facts' },
      });
      await drive(handle, 'central_authority_review');
      await act(handle, 'return', ACTORS.hnCentral, { reason: 'Name the account holders' });
      // A finished case: the replayer then has the whole history (a run still waiting on its
      // next workflow task leaves it waiting too).
      await act(handle, 'withdraw', ACTORS.prosecutor, { reason: 'Withdrawn for the test' });
      await handle.result();
      history = await handle.fetchHistory();
    } finally {
      await close();
    }
  });

  it('should hold only encrypted payloads, and no draft text, in the stored history', () => {
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(bytes.includes('REPLAY-ENC-1')).toBe(false);
    expect(bytes.includes('Name the account holders')).toBe(false);
    expect(bytes.includes(ENCRYPTED_ENCODING)).toBe(true);
  });

  it('should replay with the keys', async () => {
    await expect(
      Worker.runReplayHistory(
        { workflowBundle, dataConverter: dataConverterFromEnv() },
        history,
      ),
    ).resolves.toBeUndefined();
  });

  it('should replay as npm run histories:record saves it (payloads decrypted), with the codec and without', async () => {
    const saved = historyFromJSON(
      decryptedHistoryJson(
        JSON.parse(historyToJSON(history)),
        new AesGcmPayloadCodec(loadPayloadConfig().keys),
      ),
    );
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(saved).finish());
    expect(bytes.includes('REPLAY-ENC-1')).toBe(true);
    expect(bytes.includes(ENCRYPTED_ENCODING)).toBe(false);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle, dataConverter: dataConverterFromEnv() },
        saved,
      ),
    ).resolves.toBeUndefined();
    await expect(Worker.runReplayHistory({ workflowBundle }, saved)).resolves.toBeUndefined();
  });

  it('should not replay with other keys (control)', async () => {
    const stranger = new AesGcmPayloadCodec([{ id: 'stranger', key: randomBytes(32) }]);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle, dataConverter: { payloadCodecs: [stranger] } },
        history,
      ),
    ).rejects.toThrow(/PAYLOAD_KEYS does not list/);
  });
});

describe('replay of a history recorded with workflow-side tracing', () => {
  const STOCK_TRACING = require.resolve('./fixtures/stock-tracing-interceptors');

  // A Mexican national refused with domestic prosecution: the refusal takes a uuid4() for the
  // art. 4 case it opens, after a query and the refusal's own Update validator, which run once,
  // when asked, and never on replay. Returns the refusal's run and the names of the spans traced.
  async function recordRefusal(tracingModule: string): Promise<{ history: History; spans: string[] }> {
    const exporter = new InMemorySpanExporter();
    const fake = new FakeMlaActivities();
    fake.assessment = { ...fake.assessment, complete: true, missing: [], translationRequired: false, basisId: 'us-mx-extradition-1978' };
    const c = await testClient();
    const w = await testWorker(fake.activities(), {
      interceptors: { workflowModules: [tracingModule] },
      sinks: { exporter: makeWorkflowExporter(new SimpleSpanProcessor(exporter), new Resource({})) },
    });
    const running = w.worker.run();
    try {
      const { handle } = await startCase(c.client, w.taskQueue, {
        draft: { reference: 'TRACE-1', requestType: 'formal', personSought: { nationalities: ['MX'], custodyStatus: 'in_custody' } },
      });
      await steps(handle, TO_TRANSMITTED);
      // Asked of the run that takes the refusal (a run just continued answers once it has started).
      await eventually(() => handle.query(getCaseStateQuery).catch(() => null), (s) => s !== null);
      await act(handle, 'refuse', EXTRADITION_ACTORS.mxCentral, { grounds: ['nationality'], reason: 'LEI art. 14', domesticProsecution: true });
      await handle.result();
      return { history: await handle.fetchHistory(), spans: exporter.getFinishedSpans().map((s) => s.name) };
    } finally {
      w.worker.shutdown();
      await running;
      await w.close();
      await c.close();
    }
  }

  const replay = (history: History, tracingModule: string) =>
    Worker.runReplayHistory(
      { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: [tracingModule] }, dataConverter: dataConverterFromEnv() },
      history,
    );

  it('should replay a refusal that opened an art. 4 case after a query, with the worker\'s tracing interceptors', async () => {
    const { history, spans } = await recordRefusal(TRACING_WORKFLOW_MODULE);
    // The validators were traced: their spans drew random ids.
    expect(spans).toContain('ValidateUpdate:performAction');
    await expect(replay(history, TRACING_WORKFLOW_MODULE)).resolves.toBeUndefined();
  }, 120_000);

  it('should fail the same replay with the interceptors as shipped, whose ids draw from the workflow\'s stream (control)', async () => {
    const { history } = await recordRefusal(STOCK_TRACING);
    await expect(replay(history, STOCK_TRACING)).rejects.toThrow(/Nondeterminism error: Child workflow id of scheduled event/);
  }, 120_000);
});
