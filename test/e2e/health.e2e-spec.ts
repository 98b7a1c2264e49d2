import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/platform';

// /health is the readiness probe: with Temporal unreachable it must say so and answer 503.
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
});
