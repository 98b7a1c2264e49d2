import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { castForHnToUs, http, type Cast } from '../support/people';
import { startApi, startWorker } from '../support/platform';

describe('api and worker over HTTP', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let cast: Cast;

  beforeAll(async () => {
    worker = await startWorker();
    api = await startApi();
    ds = await testDataSource();
    cast = await castForHnToUs(api, ds);
  });
  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await ds?.destroy();
  });

  it('should report the database and Temporal up on /health without credentials', async () => {
    const res = await request(api.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      components: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('should open a case through its workflow and read it back from PostgreSQL', async () => {
    const created = await http(api).post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US' }).expect(201);
    expect(created.body).toMatchObject({ stage: 'draft', requestingState: 'HN', requestedState: 'US' });

    const read = await http(api).get(`/cases/${created.body.id}`, cast.hnProsecutor).expect(200);
    expect(read.body).toMatchObject({
      id: created.body.id,
      stage: 'draft',
      holder: { role: 'prosecutor', side: 'requesting', jurisdiction: 'HN' },
      timeline: [{ seq: 0, toStage: 'draft', action: 'create' }],
    });
  });

  it('should make one case for a repeated Idempotency-Key', async () => {
    const body = { kind: 'mla', requestedState: 'GT' };
    const key = `key-${Date.now()}`;
    const server = api.getHttpServer();
    const post = () =>
      request(server).post('/api/v1/cases').set('Authorization', cast.hnProsecutor.auth).set('Idempotency-Key', key).send(body);
    const [a, b] = await Promise.all([post().expect(201), post().expect(201)]);
    expect(a.body.id).toBe(b.body.id);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM case_steps WHERE case_id = $1`, [a.body.id]);
    expect(count).toBe(1);
  });

  it('should accept a case with Prefer: respond-async before its first projection, and project it', async () => {
    const res = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .set('Authorization', cast.hnProsecutor.auth)
      .set('Prefer', 'respond-async')
      .send({ kind: 'mla', requestedState: 'SV' })
      .expect(202);
    expect(res.headers.location).toBe(`/api/v1/cases/${res.body.id}`);
    expect(res.headers['preference-applied']).toBe('respond-async');

    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await http(api).get(`/cases/${res.body.id}`, cast.hnProsecutor)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
  });

  it('should answer invalid input with a problem document naming the field and change nothing', async () => {
    const [{ before }] = await ds.query(`SELECT count(*)::int AS before FROM cases`);
    const res = await http(api).post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'usa', extra: true }).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'requestedState']);
    const [{ after }] = await ds.query(`SELECT count(*)::int AS after FROM cases`);
    expect(after).toBe(before);
  });

  it('should serve the OpenAPI document', async () => {
    const res = await request(api.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}/actions/{action}', '/health']),
    );
  });
});
