import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { kill, spawnWorker, startApi } from '../support/platform';

// A worker killed with SIGKILL while a case waits for a human must lose nothing: a new worker
// picks the workflow up from its history and the next decision goes through.
describe('worker crash', () => {
  let api: INestApplication;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    if (worker) await kill(worker);
    await api?.close();
  });

  it('should resume a waiting case after the worker is killed and started again', async () => {
    worker = await spawnWorker();
    const created = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .send({ kind: 'mla', requestingState: 'GT', requestedState: 'HN' })
      .expect(201);

    await kill(worker, 'SIGKILL');
    worker = await spawnWorker();

    const submitted = await request(api.getHttpServer())
      .post(`/api/v1/cases/${created.body.caseId}/submit`)
      .expect(200);
    expect(submitted.body).toMatchObject({ stage: 'central_authority_review', seq: 2 });
    const read = await request(api.getHttpServer()).get(`/api/v1/cases/${created.body.caseId}`).expect(200);
    expect(read.body.timeline.map((s: { seq: number }) => s.seq)).toEqual([0, 1]);
  }, 120_000);
});
