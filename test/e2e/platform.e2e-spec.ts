import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { startApi, startWorker } from '../support/platform';

describe('api and worker over HTTP', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await startWorker();
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('should report the database and Temporal up on /health', async () => {
    const res = await request(api.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      components: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('should open a case through its workflow and read it back from PostgreSQL', async () => {
    const created = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .send({ kind: 'mla', requestingState: 'HN', requestedState: 'US' })
      .expect(201);
    expect(created.body).toMatchObject({ stage: 'draft', seq: 1 });

    const read = await request(api.getHttpServer()).get(`/api/v1/cases/${created.body.caseId}`).expect(200);
    expect(read.body).toMatchObject({
      id: created.body.caseId,
      stage: 'draft',
      requestingState: 'HN',
      requestedState: 'US',
      timeline: [{ seq: 0, toStage: 'draft', action: 'create' }],
    });
  });

  it('should make one case for a repeated Idempotency-Key', async () => {
    const body = { kind: 'extradition', requestingState: 'US', requestedState: 'GT' };
    const key = `key-${Date.now()}`;
    const [a, b] = await Promise.all([
      request(api.getHttpServer()).post('/api/v1/cases').set('Idempotency-Key', key).send(body).expect(201),
      request(api.getHttpServer()).post('/api/v1/cases').set('Idempotency-Key', key).send(body).expect(201),
    ]);
    expect(a.body.caseId).toBe(b.body.caseId);
  });

  it('should answer invalid input with a problem document naming the field and change nothing', async () => {
    const res = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .send({ kind: 'mla', requestingState: 'HN', requestedState: 'usa', extra: true })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'requestedState']);
  });

  it('should answer 409 for an action in the wrong stage', async () => {
    const created = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .send({ kind: 'mla', requestingState: 'SV', requestedState: 'MX' })
      .expect(201);
    await request(api.getHttpServer()).post(`/api/v1/cases/${created.body.caseId}/submit`).expect(200);
    const res = await request(api.getHttpServer()).post(`/api/v1/cases/${created.body.caseId}/submit`).expect(409);
    expect(res.body).toMatchObject({ status: 409, title: 'Action not allowed now' });
  });

  it('should serve the OpenAPI document', async () => {
    const res = await request(api.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/cases', '/health']));
  });
});
