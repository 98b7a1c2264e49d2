import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { caseWorkflowId } from '@comity/contracts';
import {
  AesGcmPayloadCodec,
  dataConverterFromEnv,
  ENCRYPTED_ENCODING,
  isEncryptedPayload,
} from '@comity/temporal';
import { auditRows, bearer, createAuthority, createUser } from '../support/auth';
import { testDataSource } from '../support/database';
import { castForHnToUs, COMPLETE_DRAFT, http, type Cast } from '../support/people';
import { startApi, startWorker } from '../support/platform';

// Workflow payloads are encrypted by the payload codec before they reach Temporal: a case's
// history read raw from the server holds none of its draft, and its workflow id and search
// attributes never carry personal data. Administrators read payloads through the api's codec
// endpoint (the Temporal UI's and CLI's remote codec), and every such read is audited.

const NAME = 'Ana Lucía Martínez Zelaya';
const ACCOUNT = '4417-2290-0038';
const REFERENCE = 'HN-FGR-2026-7731';
const IDEMPOTENCY_KEY = 'ana-lucia-martinez-zelaya-2026';
const RETURN_REASON = `Confirm the passport number of ${NAME}`;
const PERSONAL = [NAME, 'Martínez', 'Zelaya', ACCOUNT, REFERENCE, IDEMPOTENCY_KEY, RETURN_REASON];
const DRAFT = {
  ...COMPLETE_DRAFT,
  reference: REFERENCE,
  subject: `Laundering by ${NAME}`,
  factsSummary: `Transfers from account ${ACCOUNT} held by ${NAME}`,
  personsConcerned: [{ name: NAME }],
};
const UI_ORIGIN = 'http://127.0.0.1:8233';
const CODEC = '/api/v1/codec';

/** Every event of a workflow's history as the server stores it: no data converter, no codec. */
async function rawHistory(client: Client, workflowId: string): Promise<temporal.api.history.v1.IHistory> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

const bytesOf = (history: temporal.api.history.v1.IHistory) =>
  Buffer.from(temporal.api.history.v1.History.encode(history).finish());

describe('encrypted workflow payloads', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let cast: Cast;
  let h: ReturnType<typeof http>;
  let raw: { client: Client; connection: Connection };
  let adminAuth: string;
  let adminId: string;
  let caseId: string;
  let history: temporal.api.history.v1.IHistory;
  let startInput: Payload;
  const savedCors = process.env.CORS_ORIGINS;

  beforeAll(async () => {
    process.env.CORS_ORIGINS = UI_ORIGIN;
    worker = await startWorker();
    api = await startApi();
    ds = await testDataSource();
    cast = await castForHnToUs(api, ds);
    h = http(api);
    const admin = await createUser(ds, await createAuthority(ds, 'US', 'platform'), ['admin']);
    adminId = admin.id;
    adminAuth = await bearer(api, admin);
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    raw = { connection, client: new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE! }) };

    // A case with personal data in its draft, its Idempotency-Key and an action's reason.
    const created = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .set('Authorization', cast.hnProsecutor.auth)
      .set('Idempotency-Key', IDEMPOTENCY_KEY)
      .send({ kind: 'mla', requestedState: 'US', draft: DRAFT })
      .expect(201);
    caseId = created.body.id;
    await h.act(caseId, 'submit', cast.hnProsecutor).expect(200);
    await h.act(caseId, 'return', cast.hnCentral, { reason: RETURN_REASON }).expect(200);
    // The answer comes once the return is committed; the workflow adopts it (and moves its search
    // attributes) in the task that follows.
    const handle = raw.client.workflow.getHandle(caseWorkflowId(caseId));
    for (let i = 0; i < 100 && (await handle.describe()).searchAttributes.ComityStage?.[0] !== 'draft'; i++)
      await new Promise((r) => setTimeout(r, 50));
    history = await rawHistory(raw.client, caseWorkflowId(caseId));
    const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes);
    startInput = started!.workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload;
  });
  afterAll(async () => {
    if (savedCors === undefined) delete process.env.CORS_ORIGINS;
    else process.env.CORS_ORIGINS = savedCors;
    await api?.close();
    await worker?.close();
    await raw?.connection.close();
    await ds?.destroy();
  });

  describe('in Temporal', () => {
    it('should keep no draft text or reason in clear in the history the server stores', async () => {
      const bytes = bytesOf(history);
      for (const text of PERSONAL)
        expect({ text, found: bytes.includes(text) }).toEqual({ text, found: false });
      expect(isEncryptedPayload(startInput)).toBe(true);

      // Control: the same history, decrypted with the platform's keys, does hold them.
      const [input] = await dataConverterFromEnv().payloadCodecs![0].decode([startInput]);
      expect(JSON.stringify(defaultPayloadConverter.fromPayload(input))).toContain(ACCOUNT);
    });

    it('should carry no personal data in the workflow id, search attributes or memo', async () => {
      const workflowId = caseWorkflowId(caseId);
      expect(workflowId).toMatch(/^case\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

      const { raw: described } = await raw.client.workflow.getHandle(workflowId).describe();
      const info = described.workflowExecutionInfo!;
      const fields = info.searchAttributes?.indexedFields ?? {};
      const attributes = Object.fromEntries(
        Object.entries(fields).map(([k, p]) => [k, defaultPayloadConverter.fromPayload(p as Payload)]),
      );
      expect(attributes).toMatchObject({
        ComityStage: 'draft',
        ComityPair: 'HN-US',
        ComityKind: 'mla',
        ComityOverdue: false,
      });
      expect(Object.keys(info.memo?.fields ?? {})).toEqual([]);

      const exposed = JSON.stringify({ workflowId, attributes, type: info.type, memo: info.memo ?? null });
      for (const text of PERSONAL)
        expect({ text, exposed: exposed.includes(text) }).toEqual({ text, exposed: false });
      // The search attributes the workflow upserts along the way, as stored in the history: ours,
      // and Temporal's own TemporalChangeVersion (the ids of patched() changes).
      const upserts = history.events!.flatMap((e) =>
        Object.entries(
          e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
        ).map(([k, p]) => [k, defaultPayloadConverter.fromPayload(p as Payload)] as const),
      );
      const ours = ['ComityStage', 'ComityPair', 'ComityKind', 'ComityOverdue', 'TemporalChangeVersion'];
      expect(upserts.map(([k]) => k).filter((k) => !ours.includes(k))).toEqual([]);
      const upserted = JSON.stringify(upserts);
      for (const text of PERSONAL)
        expect({ text, upserted: upserted.includes(text) }).toEqual({ text, upserted: false });
    });

    it('should show no personal data in a visibility listing', async () => {
      const found: string[] = [];
      for await (const wf of raw.client.workflow.list({
        query: `WorkflowId = '${caseWorkflowId(caseId)}'`,
      })) {
        found.push(
          JSON.stringify({ id: wf.workflowId, attributes: wf.searchAttributes, memo: wf.memo ?? null }),
        );
      }
      expect(found).toHaveLength(1);
      for (const text of PERSONAL) expect(found[0]).not.toContain(text);
    });
  });

  describe('the codec endpoint', () => {
    const post = (path: string) =>
      request(api.getHttpServer())
        .post(`${CODEC}/${path}`)
        .set('X-Namespace', process.env.TEMPORAL_NAMESPACE!);
    const body = (...payloads: Payload[]) => ({ payloads: payloads.map(payloadToJSON) });
    const decodedDraft = (res: request.Response) =>
      defaultPayloadConverter.fromPayload({
        metadata: Object.fromEntries(
          Object.entries((res.body.payloads[0] as JSONPayload).metadata!).map(([k, v]) => [
            k,
            Buffer.from(v, 'base64'),
          ]),
        ),
        data: Buffer.from((res.body.payloads[0] as JSONPayload).data!, 'base64'),
      }) as { draft: typeof DRAFT };

    it('should answer 401 without a credential and 403 to anyone but an administrator, audited', async () => {
      await post('decode').send(body(startInput)).expect(401);
      await post('decode').set('Authorization', cast.hnCentral.auth).send(body(startInput)).expect(403);
      await post('decode').set('Authorization', cast.usSupervisor.auth).send(body(startInput)).expect(403);
      const denied = await auditRows(ds, {
        actorId: cast.hnCentral.user.id,
        action: 'auth.authorize',
        outcome: 'denied',
      });
      expect(denied.some((r) => r.details.route === `${CODEC}/decode`)).toBe(true);
    });

    it('should decrypt a payload of a real history for an administrator and record who read how many', async () => {
      const before = await auditRows(ds, { actorId: adminId, action: 'codec.decode' });
      const res = await post('decode').set('Authorization', adminAuth).send(body(startInput)).expect(200);

      expect(res.body.payloads).toHaveLength(1);
      expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
      expect(decodedDraft(res).draft).toMatchObject({
        reference: REFERENCE,
        personsConcerned: [{ name: NAME }],
      });

      const after = await auditRows(ds, { actorId: adminId, action: 'codec.decode' });
      expect(after).toHaveLength(before.length + 1);
      const record = after[after.length - 1];
      expect(record).toMatchObject({
        outcome: 'allowed',
        case_id: null,
        details: { namespace: process.env.TEMPORAL_NAMESPACE, payloads: 1, encrypted: 1 },
      });
      for (const text of PERSONAL) expect(JSON.stringify(record)).not.toContain(text);
    });

    it('should pass unencrypted payloads through and encrypt what the UI sends', async () => {
      const plain = defaultPayloadConverter.toPayload({ hello: 'world' });
      const passed = await post('decode').set('Authorization', adminAuth).send(body(plain)).expect(200);
      expect(passed.body.payloads).toEqual([payloadToJSON(plain)]);

      const encoded = await post('encode').set('Authorization', adminAuth).send(body(plain)).expect(200);
      expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(
        ENCRYPTED_ENCODING,
      );
      const back = await post('decode').set('Authorization', adminAuth).send(encoded.body).expect(200);
      expect(back.body.payloads).toEqual([payloadToJSON(plain)]);
      expect(
        await auditRows(ds, { actorId: adminId, action: 'codec.encode', outcome: 'allowed' }),
      ).toHaveLength(1);
    });

    it('should refuse a payload under an unknown key, another namespace and a body that is not payloads', async () => {
      const [foreign] = await new AesGcmPayloadCodec([{ id: 'elsewhere', key: randomBytes(32) }]).encode([
        startInput,
      ]);
      const unknown = await post('decode').set('Authorization', adminAuth).send(body(foreign)).expect(400);
      expect(unknown.body.detail).toContain("key 'elsewhere'");
      expect(await auditRows(ds, { actorId: adminId, action: 'codec.decode', outcome: 'failed' })).toEqual([
        expect.objectContaining({
          details: expect.objectContaining({ reason: 'undecryptable', payloads: 1 }),
        }),
      ]);

      await request(api.getHttpServer())
        .post(`${CODEC}/decode`)
        .set('Authorization', adminAuth)
        .set('X-Namespace', 'someone-else')
        .send(body(startInput))
        .expect(404);
      await post('decode').set('Authorization', adminAuth).send({ payloads: 'nope' }).expect(400);
      await post('decode')
        .set('Authorization', adminAuth)
        .send({ payloads: [{ data: 42 }] })
        .expect(400);
      await post('decode')
        .set('Authorization', adminAuth)
        .set('Content-Type', 'text/plain')
        .send('{"payloads":[]}')
        .expect(415);
    });

    it('should let the Temporal UI of CORS_ORIGINS call it with the X-Namespace header and credentials', async () => {
      const preflight = await request(api.getHttpServer())
        .options(`${CODEC}/decode`)
        .set('Origin', UI_ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,x-namespace')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);

      // Other routes keep their CORS: no credentials.
      const other = await request(api.getHttpServer())
        .options('/api/v1/cases')
        .set('Origin', UI_ORIGIN)
        .set('Access-Control-Request-Method', 'GET')
        .expect(204);
      expect(other.headers['access-control-allow-credentials']).toBeUndefined();
      // An origin not in CORS_ORIGINS gets no CORS answer.
      const stranger = await request(api.getHttpServer())
        .options(`${CODEC}/decode`)
        .set('Origin', 'http://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should accept an administrator’s codec cookie on decode only, and never a non-administrator’s', async () => {
      const session = await request(api.getHttpServer())
        .post(`${CODEC}/session`)
        .set('Authorization', adminAuth)
        .expect(204);
      const setCookie = ([] as string[]).concat(session.headers['set-cookie'] ?? []).join('\n');
      expect(setCookie).toMatch(
        /^comity_codec=[^;]+; Path=\/api\/v1\/codec; HttpOnly; SameSite=Strict; Max-Age=\d+/,
      );
      const cookie = setCookie.split(';')[0];
      expect(
        await auditRows(ds, { actorId: adminId, action: 'codec.session', outcome: 'allowed' }),
      ).toHaveLength(1);

      const res = await post('decode').set('Cookie', cookie).send(body(startInput)).expect(200);
      expect(decodedDraft(res).draft.reference).toBe(REFERENCE);
      // The cookie is nothing anywhere else.
      await request(api.getHttpServer()).get('/api/v1/cases').set('Cookie', cookie).expect(401);
      await request(api.getHttpServer()).post(`${CODEC}/session`).set('Cookie', cookie).expect(401);

      // A non-administrator can neither set one nor use one.
      await request(api.getHttpServer())
        .post(`${CODEC}/session`)
        .set('Authorization', cast.hnCentral.auth)
        .expect(403);
      const theirs = `comity_codec=${cast.hnCentral.auth.replace(/^Bearer /, '')}`;
      await post('decode').set('Cookie', theirs).send(body(startInput)).expect(403);

      await request(api.getHttpServer()).delete(`${CODEC}/session`).set('Cookie', cookie).expect(401);
      const cleared = await request(api.getHttpServer())
        .delete(`${CODEC}/session`)
        .set('Authorization', adminAuth)
        .expect(204);
      expect(([] as string[]).concat(cleared.headers['set-cookie'] ?? []).join('\n')).toMatch(
        /^comity_codec=; .*Max-Age=0/,
      );
    });

    it('should serve the Temporal CLI as its remote codec (temporal workflow show --codec-endpoint)', async () => {
      const url = `${await api.getUrl()}`.replace('[::1]', '127.0.0.1');
      const show = (...extra: string[]) =>
        promisify(execFile)(
          process.env.TEMPORAL_CLI!,
          [
            'workflow',
            'show',
            '--output',
            'json',
            '--workflow-id',
            caseWorkflowId(caseId),
            '--address',
            process.env.TEMPORAL_ADDRESS!,
            '--namespace',
            process.env.TEMPORAL_NAMESPACE!,
            ...extra,
          ],
          { maxBuffer: 64 * 1024 * 1024 },
        );
      // The CLI prints payloads in protobuf JSON: the text of those it could read (json/plain).
      const readable = (out: string): string => {
        const texts: string[] = [];
        JSON.parse(out, (_key, value: unknown) => {
          const p = value as JSONPayload | null;
          if (
            p &&
            typeof p === 'object' &&
            p.metadata?.encoding &&
            Buffer.from(p.metadata.encoding, 'base64').toString() === 'json/plain'
          ) {
            texts.push(Buffer.from(p.data ?? '', 'base64').toString('utf8'));
          }
          return value;
        });
        return texts.join('\n');
      };
      const decoded = readable(
        (await show('--codec-endpoint', `${url}${CODEC}`, '--codec-auth', adminAuth)).stdout,
      );
      expect(decoded).toContain(REFERENCE);
      expect(decoded).toContain(RETURN_REASON);
      expect(readable((await show()).stdout)).not.toContain(REFERENCE);
    });
  });
});
