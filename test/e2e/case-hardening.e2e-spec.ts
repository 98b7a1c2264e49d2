import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { caseWorkflowId } from '@comity/contracts';
import { casesOnTaskQueue, findDisagreements, repairCase, terminateCase } from '@comity/temporal';
import { FULL_DRAFT, http, type Cast } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import { testClient } from '../support/temporal';

// Issue #10: no input can wedge a case, no race or retry answers wrong, and an operator can prove
// that every open case's workflow and read model agree.
describe('hardened case core over HTTP', () => {
  let api: INestApplication;
  let platform: HnToUs | undefined;
  let ds: DataSource;
  let cast: Cast;
  let h: ReturnType<typeof http>;
  let temporal: { client: Client; close: () => Promise<void> };

  beforeAll(async () => {
    platform = await startHnToUs();
    ({ api, ds, cast, h } = platform);
    temporal = await testClient();
  });
  afterAll(async () => {
    await platform?.close();
    await temporal?.close();
  });

  const create = (body: object, headers: Record<string, string> = {}) =>
    request(api.getHttpServer())
      .post('/api/v1/cases')
      .set('Authorization', cast.hnProsecutor.auth)
      .set(headers)
      .send(body);

  async function transmittedCase(): Promise<string> {
    const id = (await create({ kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201)).body.id;
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    const approved = await h.act(id, 'approve', cast.hnCentral).expect(200);
    if (approved.body.stage === 'translation')
      await h.act(id, 'record_translation', cast.hnCentral).expect(200);
    await h.act(id, 'transmit', cast.hnCentral).expect(200);
    return id;
  }

  function expectProblem(res: request.Response, status: number, field?: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status, title: expect.any(String) });
    if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }

  describe('poison input is refused at the edge and changes nothing', () => {
    it.each([
      ['a NUL in the reference', { reference: 'A\u0000B' }, 'draft.reference'],
      [
        'a control character in a one-line field',
        { requestingAuthority: 'Fiscal\u0007ía' },
        'draft.requestingAuthority',
      ],
      ['a lone surrogate', { factsSummary: 'bad \ud800 text' }, 'draft.factsSummary'],
      ['a week date', { neededBy: '2026-W05' }, 'draft.neededBy'],
      ['an ordinal date', { neededBy: '2026-035' }, 'draft.neededBy'],
      ['a day that does not exist', { neededBy: '2026-02-30' }, 'draft.neededBy'],
    ])(
      'should refuse %s when a case is opened, in both answer modes, and open nothing',
      async (_, draft, field) => {
        const before = (await ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n;
        expectProblem(await create({ kind: 'mla', requestedState: 'US', draft }), 422, field);
        expectProblem(
          await create({ kind: 'mla', requestedState: 'US', draft }, { Prefer: 'respond-async' }),
          422,
          field,
        );
        expect((await ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n).toBe(before);
      },
    );

    it('should keep tabs and line breaks in free text', async () => {
      const res = await create({
        kind: 'mla',
        requestedState: 'US',
        draft: { factsSummary: 'Line one\n\tLine two\r\n' },
      }).expect(201);
      expect(res.body.draft.factsSummary).toBe('Line one\n\tLine two\r\n');
    });

    it('should refuse a NUL in a note on a transmitted case, which then goes on working', async () => {
      const id = await transmittedCase();
      expectProblem(await h.post(`/cases/${id}/notes`, cast.usCentral, { note: 'A\u0000B' }), 422, 'note');
      await h
        .post(`/cases/${id}/notes`, cast.usCentral, { note: 'Received by pouch\nwith annexes' })
        .expect(202);
      const ack = await h.act(id, 'acknowledge', cast.usCentral).expect(200);
      expect(ack.body.stage).toBe('acknowledged');
    });
  });

  describe('malformed queries and bodies answer 4xx, never 500', () => {
    it.each(['2026-02-30', '0000-01-01', '2026-W05', '2026', '2026-13-01'])(
      'should refuse createdFrom=%s',
      async (value) => {
        expectProblem(await h.get(`/cases?createdFrom=${value}`, cast.hnProsecutor), 422, 'createdFrom');
        expectProblem(await h.get(`/cases?createdTo=${value}`, cast.hnProsecutor), 422, 'createdTo');
      },
    );

    it('should refuse a NUL in the search text', async () => {
      expectProblem(await h.get('/cases?q=%00', cast.hnProsecutor), 422, 'q');
    });

    it.each([
      [
        'a cursor that decodes to something else',
        Buffer.from(JSON.stringify(['0000-01-01T00:00:00Z', '-'.repeat(36)])).toString('base64url'),
      ],
      [
        'a cursor with a week date',
        Buffer.from(JSON.stringify(['2026-W05', randomUUID()])).toString('base64url'),
      ],
      ['a cursor that is not JSON', Buffer.from('not json').toString('base64url')],
      [
        'a cursor with three parts',
        Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', randomUUID(), 1])).toString('base64url'),
      ],
    ])('should refuse %s', async (_, cursor) => {
      expectProblem(await h.get(`/cases?cursor=${cursor}`, cast.hnProsecutor), 400, 'cursor');
    });

    it('should refuse a JSON body nested 20,000 levels deep', async () => {
      const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
      const res = await request(api.getHttpServer())
        .post('/api/v1/rules/evaluate')
        .set('Authorization', cast.hnProsecutor.auth)
        .set('Content-Type', 'application/json')
        .send(deep);
      expectProblem(res, 400);
      expect(res.body.title).toBe('Body nested too deeply');
    });

    it.each([
      ['a week date in events', { events: { 'request-submitted': '2026-W05' } }, 'events.request-submitted'],
      [
        'an ordinal date in events',
        { events: { 'request-transmitted': '2026-035' } },
        'events.request-transmitted',
      ],
      ['a request from a state to itself', { requestedState: 'MX', requestingState: 'MX' }, 'requestedState'],
      ['an unknown requested state', { requestedState: 'ZZ' }, 'requestedState'],
      ['an unknown requesting state', { requestingState: 'XX' }, 'requestingState'],
    ])('should refuse to evaluate %s, naming the field', async (_, over, field) => {
      const body = { requestingState: 'HN', requestedState: 'US', kind: 'mla', ...over };
      expectProblem(await h.post('/rules/evaluate', cast.hnProsecutor, body), 422, field);
    });

    it('should refuse a case for an unknown state, naming the field', async () => {
      expectProblem(await create({ kind: 'mla', requestedState: 'ZZ' }), 422, 'requestedState');
    });

    it.each([
      ['sub', { sub: 'not-a-uuid', sid: randomUUID() }],
      ['sid', { sub: randomUUID(), sid: "1' OR '1'='1" }],
    ])('should answer 401 to a correctly signed token whose %s is not one of ours', async (_, claims) => {
      const token = await api
        .get(JwtService, { strict: false })
        .signAsync(claims, { issuer: 'comity', audience: 'comity-api' });
      const res = await request(api.getHttpServer())
        .get('/api/v1/cases')
        .set('Authorization', `Bearer ${token}`);
      expectProblem(res, 401);
    });
  });

  describe('Idempotency-Key', () => {
    const body = { kind: 'mla', requestedState: 'US', draft: { reference: 'IDEM-1' } };

    it('should answer a repeat of the same request with the original case and one status', async () => {
      const key = `idem-${randomUUID()}`;
      const first = await create(body, { 'Idempotency-Key': key }).expect(201);
      // The same content with its keys in another order is the same request.
      const again = await create(
        { draft: { reference: 'IDEM-1' }, requestedState: 'US', kind: 'mla' },
        { 'Idempotency-Key': key },
      ).expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.timeline).toHaveLength(1);
    });

    it('should refuse the same key with a different body, before and after the case is recorded', async () => {
      const key = `idem-${randomUUID()}`;
      const [first, racing] = await Promise.all([
        create(body, { 'Idempotency-Key': key }),
        create({ ...body, draft: { reference: 'OTHER' } }, { 'Idempotency-Key': key }),
      ]);
      expect([first.status, racing.status].sort()).toEqual([201, 422]);
      expectProblem(await create({ ...body, requestedState: 'GT' }, { 'Idempotency-Key': key }), 422);
      const id = (first.status === 201 ? first : racing).body.id;
      expect((await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200)).body.requestedState).toBe('US');
    });

    it('should never start a new run for a key whose case has closed', async () => {
      const key = `idem-${randomUUID()}`;
      const id = (await create(body, { 'Idempotency-Key': key }).expect(201)).body.id;
      await h.act(id, 'withdraw', cast.hnProsecutor, { reason: 'Opened by mistake' }).expect(200);

      const again = await create(body, { 'Idempotency-Key': key }).expect(201);
      expect(again.body).toMatchObject({ id, stage: 'closed', outcome: 'withdrawn' });
      await create(body, { 'Idempotency-Key': key, Prefer: 'respond-async' }).expect(202);
      expectProblem(await create({ ...body, requestedState: 'GT' }, { 'Idempotency-Key': key }), 422);

      const runs = temporal.client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(id)}'` });
      const statuses: string[] = [];
      for await (const run of runs) statuses.push(run.status.name);
      expect(statuses).toEqual(['COMPLETED']);
    });

    it('should take a repeated action or draft edit under the same key once, and answer each repeat with the case', async () => {
      const id = (await create({ ...body, draft: FULL_DRAFT }).expect(201)).body.id;
      const edit = (reference: string, key: string) =>
        request(api.getHttpServer())
          .patch(`/api/v1/cases/${id}/draft`)
          .set('Authorization', cast.hnProsecutor.auth)
          .set('Idempotency-Key', key)
          .send({ reference });
      const submit = (key: string) =>
        request(api.getHttpServer())
          .post(`/api/v1/cases/${id}/actions/submit`)
          .set('Authorization', cast.hnProsecutor.auth)
          .set('Idempotency-Key', key)
          .send({});
      const editKey = `edit-${randomUUID()}`;
      await edit('IDEM-2', editKey).expect(200);
      // A retry of the same edit (same key, same body): one edit, however often it is sent.
      const [again] = await Promise.all([edit('IDEM-2', editKey), edit('IDEM-2', editKey)]);
      expect(again.status).toBe(200);
      // The same key with another body is another request.
      await edit('IDEM-3', editKey).expect(200);
      const submitKey = `submit-${randomUUID()}`;
      await submit(submitKey).expect(200);
      // A retry of the submit after it was taken: answered with the case, not 409.
      expect((await submit(submitKey).expect(200)).body.stage).toBe('central_authority_review');
      await submit(`submit-${randomUUID()}`).expect(409);

      const steps: { action: string }[] = await ds.query(
        `SELECT action FROM case_steps WHERE case_id = $1 ORDER BY seq`,
        [id],
      );
      expect(steps.map((r) => r.action)).toEqual(['create', 'edit_draft', 'edit_draft', 'submit']);
      expectProblem(await edit('IDEM-4', 'not a key!'), 400);
    });

    it('should scope keys to the caller', async () => {
      const key = `idem-${randomUUID()}`;
      const mine = (await create(body, { 'Idempotency-Key': key }).expect(201)).body.id;
      const theirs = await request(api.getHttpServer())
        .post('/api/v1/cases')
        .set('Authorization', cast.hnProsecutorOtherOffice.auth)
        .set('Idempotency-Key', key)
        .send({ ...body, requestedState: 'GT' })
        .expect(201);
      expect(theirs.body.id).not.toBe(mine);
    });
  });

  it('should answer the loser of a race that closes the case with 409, its stage and allowed actions, never 404', async () => {
    for (let round = 0; round < 6; round++) {
      const id = (await create({ kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201)).body.id;
      await h.act(id, 'submit', cast.hnProsecutor).expect(200);
      const results = await Promise.all([
        h.act(id, 'reject', cast.hnCentral, { reason: 'Out of scope' }),
        h.act(id, 'approve', cast.hnCentral),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expectProblem(loser, 409);
      const now = (await h.get(`/cases/${id}`, cast.hnCentral).expect(200)).body;
      expect(loser.body).toMatchObject({ stage: now.stage, allowedActions: now.allowedActions });
    }
  });

  describe('the doctor', () => {
    it('should find a read model that fell out of step, repair it from the workflow, and end a case with an audited reason', async () => {
      const id = (await create({ kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201)).body.id;
      await h.act(id, 'submit', cast.hnProsecutor).expect(200);
      // Someone edits the read model by hand.
      await ds.query(`UPDATE cases SET stage = 'draft' WHERE id = $1`, [id]);

      const found = await findDisagreements(temporal.client, ds, { caseIds: [id] });
      expect(found).toEqual([expect.objectContaining({ caseId: id, kind: 'stage' })]);

      await repairCase(temporal.client, id, 'read model edited by hand');
      expect(await findDisagreements(temporal.client, ds, { caseIds: [id] })).toEqual([]);
      const repaired = (await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200)).body;
      expect(repaired.stage).toBe('central_authority_review');
      expect(repaired.timeline.at(-1)).toMatchObject({
        action: 'resync',
        reason: 'read model edited by hand',
      });

      await terminateCase(temporal.client, ds, id, 'duplicate of another request', 'ops');
      const ended = (await h.get(`/cases/${id}`, cast.hnProsecutor).expect(200)).body;
      expect(ended).toMatchObject({ stage: 'closed', allowedActions: [] });
      const audit = await ds.query(
        `SELECT details FROM audit_records WHERE case_id = $1 AND action = 'case.terminate'`,
        [id],
      );
      expect(audit).toEqual([
        { details: expect.objectContaining({ reason: 'duplicate of another request', operator: 'ops' }) },
      ]);
      expect(await findDisagreements(temporal.client, ds, { caseIds: [id] })).toEqual([]);
    });

    it('should find no disagreement between any workflow the api started and the read model after all of the above', async () => {
      // The shared test database also holds rows the integration tests wrote without workflows.
      const caseIds = await casesOnTaskQueue(temporal.client);
      expect(caseIds.length).toBeGreaterThan(10);
      expect(await findDisagreements(temporal.client, ds, { caseIds })).toEqual([]);
      const verify = await h.get('/audit/verify', cast.hnSupervisor).expect(200);
      expect(verify.body.ok).toBe(true);
    });
  });
});
