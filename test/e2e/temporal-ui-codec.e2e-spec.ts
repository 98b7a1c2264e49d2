import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, MLA_WORKFLOW_TYPE } from '@comity/contracts';
import { dataConverterFromEnv, ENCRYPTED_ENCODING } from '@comity/temporal';
import { auditRows, bearer, createAuthority, createUser, type TestUser } from '../support/auth';
import { launchChromium } from '../support/browser';
import { testDataSource } from '../support/database';
import { freePort } from '../support/free-port';
import { mlaInput } from '../support/mla';
import { kill, startApi } from '../support/platform';

// The Temporal UI, as an administrator opens it, reads case payloads through the api's codec
// (README "Payload encryption", cookie route): a real dev server with its UI, a real browser, the
// codec endpoint and "include cross-origin credentials" set in the UI's own settings. Without the
// administrator's codec session the same page shows the payload encrypted.

const REFERENCE = `UI-CODEC-${randomUUID().slice(0, 8)}`;

// The dev server takes a few seconds to listen (more on a busy machine).
async function retried<T>(fn: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('the Temporal UI with the api as its remote codec (browser)', () => {
  let api: INestApplication;
  let ds: DataSource;
  let server: ChildProcess;
  let connection: Connection;
  let browser: Browser;
  let admin: TestUser;
  let uiOrigin: string;
  let codecUrl: string;
  let workflowId: string;
  const savedCors = process.env.CORS_ORIGINS;

  // The platform's namespace: the codec refuses (404) to decode for any other.
  const NAMESPACE = process.env.TEMPORAL_NAMESPACE!;

  beforeAll(async () => {
    const [grpcPort, uiPort] = [await freePort(), await freePort()];
    uiOrigin = `http://127.0.0.1:${uiPort}`;
    process.env.CORS_ORIGINS = uiOrigin;
    api = await startApi();
    codecUrl = `${(await api.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/codec`;
    ds = await testDataSource();
    admin = await createUser(ds, await createAuthority(ds, 'US', 'platform'), ['admin']);

    // A dev server of its own: the shared test server runs without its UI.
    server = spawn(
      process.env.TEMPORAL_CLI!,
      ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(grpcPort), '--ui-port', String(uiPort),
        '--namespace', NAMESPACE, '--log-level', 'error'],
      { stdio: 'ignore' },
    );
    connection = await retried(() => Connection.connect({ address: `127.0.0.1:${grpcPort}` }));
    await retried(async () => {
      if (!(await fetch(uiOrigin)).ok) throw new Error('the UI does not answer yet');
    });

    // A case's workflow as the api starts it, payloads encrypted; no worker is needed to show it.
    const input = mlaInput({ draft: { reference: REFERENCE, summary: 'Records of account 4417' } });
    workflowId = caseWorkflowId(input.caseId);
    await new Client({ connection, namespace: NAMESPACE, dataConverter: dataConverterFromEnv() }).workflow.start(
      MLA_WORKFLOW_TYPE,
      { workflowId, taskQueue: 'ui-codec-no-worker', args: [input] },
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    if (savedCors === undefined) delete process.env.CORS_ORIGINS;
    else process.env.CORS_ORIGINS = savedCors;
    await browser?.close();
    await connection?.close();
    if (server) await kill(server, 'SIGTERM');
    await api?.close();
    await ds?.destroy();
  });

  // A browser whose Temporal UI points at the api's codec, sending its cookies (the UI keeps
  // these settings in local storage, as its Codec Server dialog saves them).
  async function uiContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.addInitScript((endpoint) => {
      localStorage.setItem('endpoint', JSON.stringify(endpoint));
      localStorage.setItem('includeCredentials', 'true');
      localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
    }, codecUrl);
    return context;
  }

  // Opens the case's workflow in the UI and waits for the UI's call to the codec.
  async function openWorkflow(context: BrowserContext): Promise<{ page: Page; decodeStatus: number }> {
    const page = await context.newPage();
    const decoded = page.waitForResponse((r) => r.url() === `${codecUrl}/decode`, { timeout: 90_000 });
    await page.goto(`${uiOrigin}/namespaces/${NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`);
    return { page, decodeStatus: (await decoded).status() };
  }

  it('should show the draft encrypted to a browser without an administrator’s codec session', async () => {
    const context = await uiContext();
    try {
      const { page, decodeStatus } = await openWorkflow(context);
      expect(decodeStatus).toBe(401);
      // The start event's input as stored: the codec's encoding, in base64 as the UI prints it.
      await page.getByText(Buffer.from(ENCRYPTED_ENCODING).toString('base64')).first().waitFor({ timeout: 60_000 });
      expect(await page.locator('body').innerText()).not.toContain(REFERENCE);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('should show the draft decoded once an administrator has opened a codec session, audited', async () => {
    const context = await uiContext();
    try {
      // The cookie route of the README: log in, then POST /codec/session in the same browser.
      const session = await context.request.post(`${codecUrl}/session`, {
        headers: { Authorization: await bearer(api, admin) },
      });
      expect(session.status()).toBe(204);

      const { page, decodeStatus } = await openWorkflow(context);
      expect(decodeStatus).toBe(200);
      await page.getByText(REFERENCE, { exact: false }).first().waitFor({ timeout: 60_000 });

      const decodes = await auditRows(ds, { actorId: admin.id, action: 'codec.decode', outcome: 'allowed' });
      expect(decodes.length).toBeGreaterThan(0);
      expect(decodes.every((r) => r.details.namespace === NAMESPACE)).toBe(true);
    } finally {
      await context.close();
    }
  }, 180_000);
});
