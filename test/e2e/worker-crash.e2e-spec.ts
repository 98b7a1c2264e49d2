import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { castForHnToUs, COMPLETE_DRAFT, http, type Cast } from '../support/people';
import { kill, spawnWorker, startApi } from '../support/platform';

// A worker killed with SIGKILL while a case waits for a human must lose nothing: a new worker
// picks the workflow up from its history and the next decision goes through.
describe('worker crash', () => {
  let api: INestApplication;
  let worker: ChildProcess | undefined;
  let ds: DataSource;
  let cast: Cast;

  beforeAll(async () => {
    api = await startApi();
    ds = await testDataSource();
    cast = await castForHnToUs(api, ds);
  });
  afterAll(async () => {
    if (worker) await kill(worker);
    await api?.close();
    await ds?.destroy();
  });

  it('should resume a waiting case after the worker is killed and started again', async () => {
    worker = await spawnWorker();
    const created = await http(api)
      .post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: COMPLETE_DRAFT })
      .expect(201);

    await kill(worker, 'SIGKILL');
    worker = await spawnWorker();

    const submitted = await http(api).act(created.body.id, 'submit', cast.hnProsecutor).expect(200);
    expect(submitted.body).toMatchObject({ stage: 'central_authority_review' });
    expect(submitted.body.timeline.map((s: { seq: number }) => s.seq)).toEqual([0, 1]);
    const [{ audit }] = await ds.query(
      `SELECT count(*)::int AS audit FROM audit_records WHERE case_id = $1 AND action LIKE 'case.%' AND action <> 'case.read'`,
      [created.body.id],
    );
    expect(audit).toBe(2);
  }, 120_000);
});
