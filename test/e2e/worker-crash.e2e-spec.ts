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
  afterEach(async () => {
    // Every spawned worker dies with its test: a live child process would keep jest running.
    if (worker) await kill(worker);
    worker = undefined;
  });
  afterAll(async () => {
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

  it('should lose and duplicate nothing when the worker is killed in the middle of a projection', async () => {
    worker = await spawnWorker();
    const created = await http(api)
      .post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: COMPLETE_DRAFT })
      .expect(201);
    const id = created.body.id as string;

    // Hold the case row: the submit's projection inserts its step row, then its case update (which
    // carries the audit record) waits on this lock inside its transaction, where the worker dies.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    // NO KEY UPDATE: the step insert's foreign-key check still passes; the case update waits.
    await holder.query('SELECT 1 FROM cases WHERE id = $1 FOR NO KEY UPDATE', [id]);
    const pending = http(api).act(id, 'submit', cast.hnProsecutor).then((r) => r);
    await until(async () => {
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE cases AS h SET%'`,
      );
      return n > 0;
    });
    await kill(worker, 'SIGKILL');
    await holder.rollbackTransaction();
    await holder.release();
    worker = await spawnWorker();

    const submitted = await pending;
    expect(submitted.status).toBe(200);
    expect(submitted.body.stage).toBe('central_authority_review');
    const steps = await ds.query(`SELECT seq, action FROM case_steps WHERE case_id = $1 ORDER BY seq`, [id]);
    expect(steps).toEqual([{ seq: 0, action: 'create' }, { seq: 1, action: 'submit' }]);
    const audit = await ds.query(
      `SELECT action FROM audit_records WHERE case_id = $1 AND action IN ('case.create', 'case.submit') ORDER BY seq`,
      [id],
    );
    expect(audit).toEqual([{ action: 'case.create' }, { action: 'case.submit' }]);
  }, 120_000);
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
