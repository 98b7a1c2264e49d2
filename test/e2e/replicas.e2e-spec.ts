import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { castForHnToUs, COMPLETE_DRAFT, type Cast, type Person } from '../support/people';
import { freePort, kill, spawnApp, spawnWorker, startApi } from '../support/platform';

const CASES = 50;
const CONCURRENCY = 8;

// What each case goes through, and who takes each decision; the translation step is taken only
// when the approval asks for one.
const LIFECYCLE: { action: string; who: keyof Cast; body?: object; to: string }[] = [
  { action: 'submit', who: 'hnProsecutor', to: 'central_authority_review' },
  { action: 'approve', who: 'hnCentral', to: 'translation' },
  { action: 'record_translation', who: 'hnCentral', to: 'ready_to_transmit' },
  { action: 'transmit', who: 'hnCentral', to: 'transmitted' },
  { action: 'acknowledge', who: 'usCentral', to: 'acknowledged' },
  { action: 'begin_execution', who: 'usCentral', to: 'under_execution' },
  { action: 'record_final_response', who: 'usCentral', body: { result: 'executed' }, to: 'responded' },
  { action: 'close', who: 'hnProsecutor', to: 'closed' },
];

// Two api and two worker processes share one Temporal server and one database, as deployed with
// replicas. A client spreads 50 lifecycles across both apis; one worker is SIGKILLed midway.
// Nothing may be lost or doubled: every case ends closed with one step row and one audit record
// per transition, and the audit chains verify.
describe('replicas: two apis and two workers on one Temporal and one database', () => {
  let api: INestApplication;
  let ds: DataSource;
  let cast: Cast;
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const secretBefore = process.env.AUTH_JWT_SECRET;

  beforeAll(async () => {
    // One signing secret for every api process, as replicas share it in production.
    process.env.AUTH_JWT_SECRET = randomBytes(48).toString('base64url');
    api = await startApi();
    ds = await testDataSource();
    cast = await castForHnToUs(api, ds);
    children.push(await spawnWorker(), await spawnWorker());
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/api/v1`;
      children.push(
        await spawnApp('apps/api/src/main.ts', { API_PORT: String(port), LOG_LEVEL: 'warn' }, () =>
          fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false),
        ),
      );
      urls.push(url);
    }
  }, 180_000);

  afterAll(async () => {
    for (const child of children) await kill(child, 'SIGTERM');
    await api?.close();
    await ds?.destroy();
    if (secretBefore === undefined) delete process.env.AUTH_JWT_SECRET;
    else process.env.AUTH_JWT_SECRET = secretBefore;
  });

  it('should end every case in its expected stage with nothing lost or doubled when a worker dies midway', async () => {
    let requests = 0;
    const send = async (method: string, path: string, who: Person, body?: object) => {
      // Round robin over the apis, request by request.
      const base = urls[requests++ % urls.length];
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: who.auth },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as { id: string; stage: string } };
    };
    // A decision, retried as a careful client would after an answer it could not trust (503, or
    // a 409 because its first try did go through): it is done once the case stands at its target.
    const decide = async (id: string, step: (typeof LIFECYCLE)[number]) => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const res = await send('POST', `/cases/${id}/actions/${step.action}`, cast[step.who], step.body ?? {});
        if (res.status === 200) return;
        if (res.status !== 503 && res.status !== 409) throw new Error(`${step.action} answered ${res.status}`);
        const now = await send('GET', `/cases/${id}`, cast[step.who]);
        if (now.body.stage === step.to) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`${step.action} on ${id} never went through`);
    };

    const ids: string[] = [];
    let done = 0;
    let killed: Promise<void> | null = null;
    const lifecycle = async () => {
      const created = await send('POST', '/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: COMPLETE_DRAFT });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
      for (const step of LIFECYCLE) await decide(created.body.id, step);
      // Midway: the first worker dies without a chance to clean up, with cases in flight.
      if (++done === CASES / 2) killed = kill(children[0], 'SIGKILL');
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CASES) {
          next++;
          await lifecycle();
        }
      }),
    );
    expect(killed).not.toBeNull();
    await killed;

    const cases = await ds.query(`SELECT id, stage, outcome FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
    expect(cases).toHaveLength(CASES);
    for (const c of cases) expect(c).toMatchObject({ stage: 'closed', outcome: 'executed' });
    const expected = ['create', ...LIFECYCLE.map((s) => s.action)];
    const steps: { case_id: string; actions: string[] }[] = await ds.query(
      `SELECT case_id, array_agg(action ORDER BY seq) AS actions FROM case_steps WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [ids],
    );
    expect(steps).toHaveLength(CASES);
    for (const s of steps) expect(s.actions).toEqual(expected);
    const audit: { case_id: string; actions: string[] }[] = await ds.query(
      `SELECT case_id, array_agg(action ORDER BY seq) AS actions FROM audit_records
       WHERE case_id = ANY($1::uuid[]) AND action = ANY($2::text[]) GROUP BY case_id`,
      [ids, expected.map((a) => `case.${a}`)],
    );
    expect(audit).toHaveLength(CASES);
    for (const a of audit) expect(a.actions).toEqual(expected.map((x) => `case.${x}`));

    const verify = await send('GET', '/audit/verify', cast.hnSupervisor);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  }, 600_000);
});
