import { Client } from '@temporalio/client';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { deliveryWorkflowId, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../libs/notifications/src';
import { bearer, createAuthority, createUser } from '../support/auth';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import { recordHistory } from '../support/mla';
import { FULL_DRAFT, type Person } from '../support/people';

interface Call {
  headers: IncomingMessage['headers'];
  body: string;
}

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

// Issue #13: a transmission reaches the requested central authority's case system through its
// webhook (signed, retried with backoff by a Temporal activity after the receiver fails twice,
// every attempt in the delivery log) and its officers by e-mail over SMTP, both real servers
// started here. Nothing reaches another state.
// Webhook retries in this test start at one second and double.
const RETRY_INITIAL_MS = 1000;
// Attempt times are stamped as each attempt is recorded, the retry timer runs in Temporal.
const TIMER_SLACK_MS = 100;

describe('webhooks and e-mail of notifications', () => {
  let platform: HnToUs | undefined;
  let receiver: Server;
  let smtp: SMTPServer;
  const calls: Call[] = [];
  const mails: Mail[] = [];
  const saved: Record<string, string | undefined> = {};
  let admin: Person;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        calls.push({ headers: req.headers, body });
        // Down twice for each delivery, then up (other test files may transmit to the US meanwhile).
        const tries = calls.filter((c) => c.headers['x-comity-delivery'] === req.headers['x-comity-delivery']).length;
        res.writeHead(tries <= 2 ? 503 : 204).end();
      });
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, text: raw });
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    // The worker reads these when it starts: e-mail on, and retries quick enough for a test.
    for (const [k, v] of Object.entries({
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      DELIVERY_RETRY_INITIAL_MS: String(RETRY_INITIAL_MS),
      DELIVERY_MAX_ATTEMPTS: '5',
    })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    platform = await startHnToUs();
    const platformAuthority = await createAuthority(platform.ds, 'US', 'platform');
    const adminUser = await createUser(platform.ds, platformAuthority, ['admin']);
    admin = { user: adminUser, auth: await bearer(platform.api, adminUser) };
  });

  afterAll(async () => {
    await platform?.close();
    receiver?.close();
    smtp?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('should sign the webhook call, retry it after the receiver fails twice, log every attempt, and e-mail the officers', async () => {
    const { h, cast } = platform!;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const hook = (
      await h.post('/admin/webhooks', admin, { authorityId: cast.usCentral.user.authorityId, url, kinds: ['transmitted'] }).expect(201)
    ).body;
    expect(hook.secret).toEqual(expect.any(String));
    expect((await h.get('/admin/webhooks', admin).expect(200)).body.items.find((w: { id: string }) => w.id === hook.id)).not.toHaveProperty('secret');
    // Stored sealed (AES-256-GCM under the payload keys), never in clear; the worker still signs with it.
    const [stored] = await platform!.ds.query(`SELECT row_to_json(w)::text AS row FROM webhook_subscriptions w WHERE id = $1`, [hook.id]);
    expect(stored.row).not.toContain(hook.secret);
    expect(JSON.parse(stored.row).secret_sealed).toMatch(/^v1:/);
    // Another state's webhook must never hear of this case.
    const gtHook = (
      await h.post('/admin/webhooks', admin, { authorityId: cast.gtCentral.user.authorityId, url, kinds: [] }).expect(201)
    ).body;
    await h.post('/admin/webhooks', cast.usSupervisor, { authorityId: cast.usCentral.user.authorityId, url }).expect(403);
    await h.post('/admin/webhooks', admin, { authorityId: cast.usCentral.user.authorityId, url: 'ftp://example.org' }).expect(422);

    const id = (await h.post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: { reference: 'HN-HOOK-1' } }).expect(201)).body.id;
    await h.patch(`/cases/${id}/draft`, cast.hnProsecutor, { ...FULL_DRAFT, reference: 'HN-HOOK-1' }).expect(200);
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    await h.act(id, 'approve', cast.hnCentral).expect(200);
    await h.act(id, 'record_translation', cast.hnCentral).expect(200);
    await h.act(id, 'transmit', cast.hnCentral).expect(200);

    const ours = () => calls.filter((c) => JSON.parse(c.body).caseId === id);
    const delivered = await until('the third webhook call', () => ours()[2]);
    const payload = JSON.parse(delivered.body);
    expect(payload).toMatchObject({ kind: 'transmitted', caseId: id, caseReference: 'HN-HOOK-1', caseStage: 'transmitted' });
    const timestamp = Number(delivered.headers[TIMESTAMP_HEADER.toLowerCase()]);
    const signature = String(delivered.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(verifyWebhook(hook.secret, timestamp, delivered.body, signature)).toBe(true);
    expect(verifyWebhook(hook.secret, timestamp, delivered.body.replace('HN-HOOK-1', 'HN-HOOK-2'), signature)).toBe(false);
    // The same delivery each time (its id in the header), not three notifications.
    expect(ours()).toHaveLength(3);
    expect(new Set(ours().map((c) => c.headers['x-comity-delivery'])).size).toBe(1);

    const log = await until('the delivery log to show the delivery', async () => {
      const items = (await h.get(`/admin/webhooks/${hook.id}/deliveries`, admin).expect(200)).body.items.filter(
        (d: { caseId: string }) => d.caseId === id,
      );
      return items[0]?.status === 'delivered' ? items : undefined;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ caseId: id, kind: 'transmitted', status: 'delivered', attempts: 3, lastError: null });
    expect(log[0].history.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
      [1, 503],
      [2, 503],
      [3, 204],
    ]);
    // Backoff: each retry waited at least its interval, the second twice the first. A loaded
    // machine only ever adds to a wait, so lower bounds are what can be asserted.
    const at = log[0].history.map((a: { at: string }) => Date.parse(a.at));
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(RETRY_INITIAL_MS - TIMER_SLACK_MS);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(2 * RETRY_INITIAL_MS - TIMER_SLACK_MS);
    const gtLog = (await h.get(`/admin/webhooks/${gtHook.id}/deliveries`, admin).expect(200)).body.items;
    expect(gtLog.filter((d: { caseId: string }) => d.caseId === id)).toEqual([]);

    const mail = await until('the e-mail to the US central authority', () =>
      mails.find((m) => m.to.includes(cast.usCentral.user.email.toLowerCase())),
    );
    expect(mail.subject).toContain('HN-HOOK-1');
    expect(mail.text).toContain('transmitted to your central authority');
    const elsewhere = [cast.gtCentral, cast.hnProsecutorOtherOffice].map((p) => p.user.email.toLowerCase());
    expect(mails.flatMap((m) => m.to).filter((to) => elsewhere.includes(to))).toEqual([]);

    const client = platform!.api.get(Client);
    await recordHistory(client.workflow.getHandle(deliveryWorkflowId(payload.deliveryId)), 'delivered-after-two-failures', 'notificationDeliveryWorkflow');
  });
});
