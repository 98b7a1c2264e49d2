import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/platform';

// Readiness (/health/ready, and /health of the first releases) with Temporal unreachable must say
// so and answer 503; liveness (/health/live) still answers 200: restarting would not bring
// Temporal back.
describe('/health with Temporal down', () => {
  let api: INestApplication;
  const realAddress = process.env.TEMPORAL_ADDRESS;

  beforeAll(async () => {
    // Nothing listens on port 1; the api still boots (its Temporal connection is lazy).
    process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
    api = await startApi();
  });
  afterAll(async () => {
    process.env.TEMPORAL_ADDRESS = realAddress;
    await api?.close();
  });

  it('should answer 503 naming Temporal as down and the database as up', async () => {
    const res = await request(api.getHttpServer()).get('/health').expect(503);
    expect(res.body).toMatchObject({
      status: 'unavailable',
      components: { database: { status: 'up' }, temporal: { status: 'down' } },
    });
  });

  it('should be unready naming Temporal, yet alive', async () => {
    const server = api.getHttpServer();
    const ready = await request(server).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      status: 'unavailable',
      components: { database: { status: 'up' }, migrations: { status: 'up' }, temporal: { status: 'down' } },
    });
    await request(server).get('/health/live').expect(200, { status: 'ok' });
  });
});
