import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { http, type Person } from '../support/people';
import { kill, spawnWorker, startApi } from '../support/platform';
import { castForExtradition, extraditionDraft, shareSupportingDocuments, TRANSMISSION, type ExtraditionCast } from '../support/us-to-mx';

// Every extradition path over HTTP, against the real api, a real worker process, Temporal and
// PostgreSQL with the bundled rules; every answer is checked against the OpenAPI document.
describe('extradition over HTTP', () => {
  let api: INestApplication;
  let worker: ChildProcess | undefined;
  let ds: DataSource;
  let cast: ExtraditionCast;
  let h: ReturnType<typeof http>;

  beforeAll(async () => {
    api = await startApi();
    ds = await testDataSource();
    cast = await castForExtradition(api, ds);
    h = http(api);
    worker = await spawnWorker();
  }, 120_000);
  afterAll(async () => {
    if (worker) await kill(worker);
    await api?.close();
    await ds?.destroy();
  });

  async function open(requestedState: string, draft: object = extraditionDraft(), by: Person = cast.usProsecutor): Promise<string> {
    const res = await h.post('/cases', by, { kind: 'extradition', requestedState, draft }).expect(201);
    expect(res.body).toMatchObject({ kind: 'extradition', stage: 'draft', transmission: null, links: [] });
    return res.body.id;
  }

  // Each step must succeed; returns the case as the actor then sees it.
  async function run(id: string, list: [string, Person, object?][]) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a case as the api answers it, checked against the OpenAPI document
    let last: Record<string, any> = {};
    for (const [action, person, body] of list) {
      const res = await h.act(id, action, person, body ?? {});
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
      last = res.body;
    }
    return last;
  }

  // A formal request travels with its supporting documents (shared, the warrant apostilled).
  async function transmitFormal(id: string, prosecutor: Person = cast.usProsecutor, central: Person = cast.usCentral) {
    await run(id, [['submit', prosecutor], ['approve', central]]);
    await shareSupportingDocuments(api, id, prosecutor, central);
    return run(id, [['transmit', central, { transmission: TRANSMISSION }]]);
  }

  const cleared = (): [string, Person, object?][] => [
    ['submit', cast.usProsecutor],
    ['approve', cast.usCentral],
    ['transmit', cast.usCentral, { transmission: TRANSMISSION }],
  ];

  it('should walk a provisional arrest in Mexico at the US request through the formal request, judge, SRE, amparo window and surrender', async () => {
    const id = await open('MX');
    await run(id, cleared().slice(0, 2));
    // The requested side sees nothing before transmission.
    await h.get(`/cases/${id}`, cast.mxCentral).expect(404);
    const transmitted = await run(id, cleared().slice(2));
    expect(transmitted).toMatchObject({ stage: 'provisional_arrest_requested', transmission: TRANSMISSION, holder: { jurisdiction: 'MX' } });

    const seen = await h.get(`/cases/${id}`, cast.mxCentral).expect(200);
    expect(seen.body.allowedActions).toEqual(expect.arrayContaining(['record_arrest', 'record_consent', 'record_transmission_details']));
    const received = await run(id, [
      ['record_transmission_details', cast.mxCentral, { transmission: { receivedAt: '2026-12-02T09:30:00.000Z', counterpartReference: 'SRE-DGAJ-5521' } }],
    ]);
    expect(received.transmission).toEqual({ ...TRANSMISSION, receivedAt: '2026-12-02T09:30:00.000Z', counterpartReference: 'SRE-DGAJ-5521' });

    const arrested = await run(id, [['record_arrest', cast.mxCentral, { arrestedAt: '2026-12-03T06:40:00.000Z', place: 'Ciudad de México' }]]);
    // 60 days from the arrest (US–MX 1978 treaty, [S]), alerted 15, 7 and 2 days before.
    expect(arrested).toMatchObject({ stage: 'awaiting_formal_request', holder: { role: 'central_authority', jurisdiction: 'US' } });
    expect(arrested.deadlines).toEqual([
      expect.objectContaining({
        key: 'formal-request',
        dueAt: '2027-02-01T23:59:59.999Z',
        remindAt: '2027-01-17T00:00:00.000Z',
        onBreach: 'prompt-decision',
        confidence: 'secondary',
        source: expect.stringContaining('Art. 11'),
      }),
    ]);

    await shareSupportingDocuments(api, id, cast.usProsecutor, cast.usCentral);
    const judged = await run(id, [
      ['transmit_formal_request', cast.usCentral, { transmission: { ...TRANSMISSION, referenceNumber: 'DOS-LEI-2026-0190' } }],
      ['admit_request', cast.mxCentral],
    ]);
    expect(judged.stage).toBe('objections');
    // The window was met by the formal request; the objections period runs (LEI art. 25).
    expect(judged.deadlines.map((d: { key: string; active: boolean; status: string }) => [d.key, d.active, d.status])).toEqual([
      ['objections', true, 'pending'],
      ['formal-request', false, 'met'],
    ]);
    await run(id, [
      ['record_objections', cast.mxCentral, { reason: 'Mistaken identity (LEI art. 25)' }],
      ['record_judge_opinion', cast.mxCentral, { opinion: 'favourable' }],
    ]);
    const granted = await run(id, [['grant', cast.mxCentral]]);
    expect(granted.stage).toBe('amparo_window');
    expect(granted.deadlines[0]).toMatchObject({ key: 'amparo-window', active: true, onBreach: 'transition' });
    // An amparo pauses the case; once denied, surrender follows (LEI art. 33).
    const paused = await run(id, [['file_appeal', cast.mxCentral, { remedy: 'amparo' }]]);
    expect(paused.stage).toBe('appeal_pending');
    const surrendering = await run(id, [['resolve_appeal', cast.mxCentral, { result: 'dismissed', reason: 'Amparo denied' }]]);
    expect(surrendering.stage).toBe('surrender_pending');
    // LEI art. 35: 60 natural days to take custody [C].
    expect(surrendering.deadlines[0]).toMatchObject({ key: 'surrender', active: true, confidence: 'confirmed', source: expect.stringContaining('LEI art. 35') });
    const monitored = await run(id, [
      ['record_surrender', cast.mxCentral, { surrenderedAt: '2027-01-20T14:00:00.000Z', place: 'AICM, Ciudad de México', escorts: ['US Marshals Service'] }],
    ]);
    expect(monitored).toMatchObject({ stage: 'specialty_monitoring', holder: { jurisdiction: 'US' } });
    const closed = await run(id, [['close', cast.usCentral]]);
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'surrendered', allowedActions: [] });

    const mxView = await h.get(`/cases/${id}`, cast.mxCentral).expect(200);
    expect(mxView.body.timeline.map((t: { action: string }) => t.action)).toEqual([
      'transmit', 'record_transmission_details', 'record_arrest', 'transmit_formal_request', 'admit_request', 'record_objections',
      'record_judge_opinion', 'grant', 'file_appeal', 'resolve_appeal', 'record_surrender', 'close',
    ]);
    // One audit record per transition, whoever reads the case however often.
    const audit = await ds.query(
      `SELECT action, count(*)::int AS n FROM audit_records WHERE case_id = $1 AND action LIKE 'case.%' AND action <> 'case.read' GROUP BY action`,
      [id],
    );
    expect(audit.filter((a: { n: number; action: string }) => a.n !== 1 && a.action !== 'case.note_received')).toEqual([]);
  }, 180_000);

  it('should refuse bad input with a problem naming it, and change nothing', async () => {
    const noType = await h.post('/cases', cast.usProsecutor, { kind: 'extradition', requestedState: 'MX', draft: { reference: 'X' } }).expect(422);
    expect(noType.body.errors[0].field).toBe('draft.requestType');
    await h.post('/cases', cast.usProsecutor, { kind: 'extradition', requestedState: 'MX', draft: extraditionDraft({ requestType: 'arrest' }) }).expect(422);
    await h.post('/cases', cast.usProsecutor, { kind: 'foreign_prosecution', requestedState: 'GT', draft: {} }).expect(422);
    const id = await open('MX');
    const incomplete = await h.patch(`/cases/${id}/draft`, cast.usProsecutor, { personSought: { nationalities: ['US'] } }).expect(200);
    expect(incomplete.body.draft.personSought).toEqual({ nationalities: ['US'] });
    const missing = await h.act(id, 'submit', cast.usProsecutor).expect(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('draft.personSought.custodyStatus');
    await h.patch(`/cases/${id}/draft`, cast.usProsecutor, { personSought: { nationalities: ['US'], custodyStatus: 'in_custody' } }).expect(200);
    await run(id, cleared().slice(0, 2));
    await h.act(id, 'transmit', cast.usCentral, {}).expect(422);
    await h.act(id, 'transmit', cast.usCentral, { transmission: { channel: 'carrier_pigeon' } }).expect(422);
    await h.act(id, 'acknowledge', cast.usCentral).expect(422);
    // The requested side's action is not the requesting side's to take; nor a stage's action out of it.
    await h.act(id, 'record_arrest', cast.usCentral, { arrestedAt: '2026-12-03T06:40:00Z', place: 'X' }).expect(403);
    await h.act(id, 'submit', cast.usProsecutor).expect(409);
    await h.act(id, 'record_arrest', cast.mxCentral, { arrestedAt: '2026-12-03T06:40:00Z', place: 'X' }).expect(404);
    const after = await h.get(`/cases/${id}`, cast.usProsecutor).expect(200);
    expect(after.body).toMatchObject({ stage: 'ready_to_transmit', transmission: null });
  }, 120_000);

  it('should lose and duplicate nothing when the worker is killed in the middle of the judicial phase', async () => {
    const id = await open('MX', extraditionDraft({ requestType: 'formal' }));
    await transmitFormal(id);
    await run(id, [['admit_request', cast.mxCentral], ['record_objections', cast.mxCentral, { reason: 'Not the person sought' }]]);
    await kill(worker!, 'SIGKILL');
    // The judge's opinion is given while no worker runs: it waits in Temporal, then goes through.
    const pending = h.act(id, 'record_judge_opinion', cast.mxCentral, { opinion: 'favourable' }).then((r) => r);
    await new Promise((r) => setTimeout(r, 500));
    worker = await spawnWorker();
    const opined = await pending;
    expect(opined.status).toBe(200);
    expect(opined.body.stage).toBe('executive_decision');
    const granted = await run(id, [['grant', cast.mxCentral]]);
    expect(granted.stage).toBe('amparo_window');

    const steps = await ds.query(`SELECT seq, action FROM case_steps WHERE case_id = $1 ORDER BY seq`, [id]);
    // Every decision once, in order (the signing notice of the letter is a step of its own).
    const decisions = steps.filter((s: { action: string }) => s.action !== 'note_received');
    expect(decisions.map((s: { action: string }) => s.action)).toEqual([
      'create', 'submit', 'approve', 'transmit', 'admit_request', 'record_objections', 'record_judge_opinion', 'grant',
    ]);
    expect(steps.map((s: { seq: number }) => s.seq)).toEqual(steps.map((_: unknown, i: number) => i));
    const audit = await ds.query(
      `SELECT action, count(*)::int AS n FROM audit_records WHERE case_id = $1 AND action = ANY($2::text[]) GROUP BY action`,
      [id, ['record_objections', 'record_judge_opinion', 'grant', 'admit_request'].map((a) => `case.${a}`)],
    );
    expect(audit).toHaveLength(4);
    expect(audit.every((a: { n: number }) => a.n === 1)).toBe(true);
  }, 180_000);

  it('should refuse a Mexican national with grounds and open a linked art. 4 case, the link shown only to those who see both', async () => {
    const id = await open('MX', extraditionDraft({ requestType: 'formal', personSought: { nationalities: ['MX'], custodyStatus: 'in_custody' } }));
    await transmitFormal(id);
    await run(id, [['admit_request', cast.mxCentral], ['record_judge_opinion', cast.mxCentral, { opinion: 'favourable' }]]);
    const refused = await run(id, [['refuse', cast.mxCentral, { grounds: ['nationality (LEI art. 14)'], reason: 'Mexican national', domesticProsecution: true }]]);
    expect(refused).toMatchObject({ stage: 'closed', outcome: 'refused' });
    const linkedId = refused.timeline.at(-1).details.linkedCaseId as string;

    let usView = await h.get(`/cases/${id}`, cast.usProsecutor).expect(200);
    for (let i = 0; i < 100 && usView.body.links.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      usView = await h.get(`/cases/${id}`, cast.usProsecutor).expect(200);
    }
    expect(usView.body.links).toEqual([{ caseId: linkedId, kind: 'foreign_prosecution', relation: 'domestic_prosecution', reference: 'DOJ-OIA-2026-0173', stage: 'draft' }]);
    // MX does not see the art. 4 case before it is transmitted, so not the link either.
    expect((await h.get(`/cases/${id}`, cast.mxCentral).expect(200)).body.links).toEqual([]);
    await h.get(`/cases/${linkedId}`, cast.mxCentral).expect(404);

    const art4 = await run(linkedId, [
      ['submit', cast.usProsecutor],
      ['approve', cast.usCentral],
      ['transmit', cast.usCentral, { transmission: TRANSMISSION }],
    ]);
    expect(art4).toMatchObject({ kind: 'foreign_prosecution', stage: 'transmitted', links: [{ caseId: id, relation: 'extradition' }] });
    expect(art4.deadlines).toEqual([expect.objectContaining({ key: 'prosecution-decision', confidence: 'default' })]);
    expect((await h.get(`/cases/${id}`, cast.mxCentral).expect(200)).body.links).toHaveLength(1);
    const judged = await run(linkedId, [['acknowledge', cast.mxCentral], ['open_prosecution', cast.mxCentral], ['record_judgment', cast.mxCentral, { reason: 'Convicted' }]]);
    expect(judged).toMatchObject({ stage: 'closed', outcome: 'prosecuted' });
  }, 180_000);

  it('should link cases of one investigation only for a caller who sees both', async () => {
    const a = await open('MX');
    const b = await open('GT');
    const other = (await h.post('/cases', cast.mxProsecutor, { kind: 'extradition', requestedState: 'US', draft: extraditionDraft() }).expect(201)).body.id;
    await h.act(a, 'link_case', cast.usProsecutor, { link: { caseId: other, relation: 'same_investigation' } }).expect(422);
    const linked = await run(a, [['link_case', cast.usProsecutor, { link: { caseId: b, relation: 'same_investigation' } }]]);
    expect(linked.links).toEqual([expect.objectContaining({ caseId: b, relation: 'same_investigation' })]);
    expect((await h.get(`/cases/${b}`, cast.usProsecutor).expect(200)).body.links).toEqual([expect.objectContaining({ caseId: a })]);
  }, 120_000);

  it.each([
    ['US (hearing, certification, Secretary of State; deferred and temporary surrender)', 'US', 'mxProsecutor', 'mxCentral', 'usCentral', [
      ['admit_request'], ['certify'], ['grant'], ['defer_surrender', { reason: 'Serving a sentence in Texas' }],
      ['temporary_surrender', { returnDueAt: '2027-06-01T00:00:00.000Z' }], ['record_return'], ['resume_surrender'],
      ['record_surrender', { surrenderedAt: '2027-01-20T14:00:00.000Z', place: 'San Ysidro', escorts: ['AIC'] }],
    ], 'specialty_monitoring'],
    ['GT (sentencing court, consent)', 'GT', 'usProsecutor', 'usCentral', 'gtCentral', [['admit_request'], ['record_consent']], 'surrender_pending'],
    ['SV (Corte Plena)', 'SV', 'usProsecutor', 'usCentral', 'svCentral', [['admit_request'], ['grant']], 'surrender_pending'],
    ['HN (Supreme Court), death of the person', 'HN', 'usProsecutor', 'usCentral', 'hnCentral', [['admit_request'], ['record_death', { reason: 'Death certificate' }]], 'closed'],
  ] as [string, string, keyof ExtraditionCast, keyof ExtraditionCast, keyof ExtraditionCast, [string, object?][], string][])(
    'should follow the judicial phase of %s',
    async (_name, state, prosecutor, requesting, requested, actions, end) => {
      const id = await open(state, extraditionDraft({ requestType: 'formal', personSought: { nationalities: ['CA'], custodyStatus: 'in_custody' } }), cast[prosecutor]);
      await transmitFormal(id, cast[prosecutor], cast[requesting]);
      const last = await run(id, actions.map(([action, body]) => [action, cast[requested], body]));
      expect(last.stage).toBe(end);
      if (end !== 'closed') await run(id, [['withdraw', cast[requesting], { reason: 'test over' }]]);
    },
    120_000,
  );
});
