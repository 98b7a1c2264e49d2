import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { createAuthority, createUser, login, TEST_PASSWORD } from '../support/auth';
import { castForHnToUs, COMPLETE_DRAFT, http, type Cast } from '../support/people';
import { kill, spawnApp } from '../support/platform';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Issue #11: the api and the worker run as processes of their own, logging at debug level into
// captured streams, while people log in, refresh, search, draft, decide and an admin resets a
// password and meets a database refusal. Afterwards the logs hold none of the run's passwords,
// tokens, signing secret, draft texts, search text or SQL, and show query values as [REDACTED].
describe('what the logs keep', () => {
  let ds: DataSource;
  let api: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let logs = '';
  const capture = (chunk: string) => (logs += chunk);
  let server: INestApplication;
  let cast: Cast;
  const secrets: string[] = [];
  const keep = <T extends string>(s: T): T => (secrets.push(s), s);
  const marker = (what: string) => keep(`${what}-${randomBytes(8).toString('hex')}`);
  const jwtSecret = keep(randomBytes(48).toString('base64url'));

  beforeAll(async () => {
    ds = await testDataSource();
    const port = await freePort();
    const env = {
      LOG_LEVEL: 'debug',
      AUTH_JWT_SECRET: jwtSecret,
      API_PORT: String(port),
      API_RATE_LIMIT: '10000',
    };
    [api, worker] = await Promise.all([
      spawnApp(
        'apps/api/src/main.ts',
        env,
        (out) => out.includes('Nest application successfully started'),
        capture,
      ),
      spawnApp(
        'apps/worker/src/main.ts',
        { LOG_LEVEL: 'debug' },
        (out) => out.includes('Polling task queue'),
        capture,
      ),
    ]);
    // supertest takes the base URL in place of a server.
    server = { getHttpServer: () => `http://127.0.0.1:${port}` } as unknown as INestApplication;
    cast = await castForHnToUs(server, ds);
    secrets.push(TEST_PASSWORD);
    for (const person of Object.values(cast)) secrets.push(person.auth.slice('Bearer '.length));
  });
  afterAll(async () => {
    await Promise.all([api && kill(api, 'SIGTERM'), worker && kill(worker, 'SIGTERM')]);
    await ds?.destroy();
  });

  it('should hold no password, token, draft text, search text or SQL of a whole lifecycle', async () => {
    const h = http(server);
    const base = server.getHttpServer() as unknown as string;

    // Logins: a refresh, a wrong password, a token pasted into a URL.
    const prosecutor = cast.hnProsecutor.user;
    const pair = await login(server, prosecutor);
    keep(pair.accessToken);
    keep(pair.refreshToken);
    const refreshed = await request(base)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: pair.refreshToken })
      .expect(200);
    keep(refreshed.body.accessToken);
    keep(refreshed.body.refreshToken);
    await request(base)
      .post('/api/v1/auth/login')
      .send({ email: prosecutor.email, password: marker('wrong-password') })
      .expect(401);
    await request(base).get(`/api/v1/auth/me?access_token=${pair.accessToken}`).expect(400);
    await request(base)
      .get(`/api/v1/cases?q=${refreshed.body.refreshToken}`)
      .set('Authorization', cast.hnProsecutor.auth)
      .expect(400);

    // A case, drafted, searched for and carried to its close, with reasons on the way.
    const facts = marker('facts');
    const created = await h
      .post('/cases', cast.hnProsecutor, {
        kind: 'mla',
        requestedState: 'US',
        draft: { reference: `HN-${randomUUID().slice(0, 8)}`, subject: marker('subject') },
      })
      .expect(201);
    const id: string = created.body.id;
    await h
      .patch(`/cases/${id}/draft`, cast.hnProsecutor, {
        ...COMPLETE_DRAFT,
        factsSummary: facts,
        assistanceSought: marker('assistance'),
        personsConcerned: [{ name: marker('person') }],
      })
      .expect(200);
    const search = marker('search');
    await h.get(`/cases?q=${search}&stage=draft`, cast.hnProsecutor).expect(200);
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    await h.act(id, 'return', cast.hnCentral, { reason: marker('return-reason') }).expect(200);
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    await h.act(id, 'approve', cast.hnCentral).expect(200);
    await h.act(id, 'record_translation', cast.hnCentral).expect(200);
    await h.act(id, 'transmit', cast.hnCentral).expect(200);
    await h.act(id, 'acknowledge', cast.usCentral).expect(200);
    await h.act(id, 'begin_execution', cast.usCentral).expect(200);
    await h
      .act(id, 'request_supplementary_information', cast.usCentral, { reason: marker('question') })
      .expect(200);
    await h
      .act(id, 'answer_supplementary_information', cast.hnProsecutor, { reason: marker('answer') })
      .expect(200);
    await h.act(id, 'record_final_response', cast.usCentral, { result: 'executed' }).expect(200);
    await h.act(id, 'close', cast.hnProsecutor).expect(200);
    expect((await h.get(`/cases/${id}`, cast.usCentral).expect(200)).body.stage).toBe('closed');

    // An admin resets a password, then meets a refusal from the database itself (a constraint
    // added for the test), which the api answers with 500 and logs.
    const platform = await createAuthority(ds, 'US', 'platform');
    const admin = await createUser(ds, platform, ['admin']);
    const adminAuth = `Bearer ${keep((await login(server, admin)).accessToken)}`;
    const newPassword = marker('new-password');
    await request(base)
      .post(`/api/v1/admin/users/${prosecutor.id}/password`)
      .set('Authorization', adminAuth)
      .send({ password: newPassword })
      .expect(204);
    const refusedName = marker('authority-name');
    const constraint = `test_logs_${randomBytes(4).toString('hex')}`;
    await ds.query(
      `ALTER TABLE authorities ADD CONSTRAINT ${constraint} CHECK (name NOT LIKE '%${refusedName}%') NOT VALID`,
    );
    try {
      const refused = await request(base)
        .patch(`/api/v1/admin/authorities/${platform.id}`)
        .set('Authorization', adminAuth)
        .send({ name: refusedName });
      expect(refused.status).toBe(500);
      expect(JSON.stringify(refused.body)).not.toContain(refusedName);
    } finally {
      await ds.query(`ALTER TABLE authorities DROP CONSTRAINT ${constraint}`);
    }

    // Let the last lines reach the captured streams.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const leaked = secrets.filter((s) => logs.includes(s));
    expect(leaked).toEqual([]);
    // Nor part of a token (its signature), nor the statement or its parameters.
    const signatures = secrets.filter((s) => s.split('.').length === 3).map((s) => s.split('.')[2]);
    expect(signatures.filter((s) => logs.includes(s))).toEqual([]);
    for (const sql of [
      'UPDATE authorities',
      'SELECT ',
      'INSERT INTO',
      '"parameters"',
      '"query"',
      'Failing row',
    ]) {
      expect({ sql, found: logs.includes(sql) }).toEqual({ sql, found: false });
    }

    // And the run did log: requests with their query values redacted, and the database refusal.
    expect(logs).toContain('/api/v1/auth/me?access_token=[REDACTED]');
    expect(logs).toContain('/api/v1/cases?q=[REDACTED]&stage=[REDACTED]');
    expect(logs).toContain('"code":"23514"');
    expect(logs).toContain(`"constraint":"${constraint}"`);
  });
});
