import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createAuthority, type TestAuthority, signedInPeople } from '../support/auth';
import { testDataSource } from '../support/database';
import { caseScripts, deadline, type CaseScript } from '../support/hand-built-cases';
import { startApi } from '../support/platform';

// Issue #13, delay accounting and reports, on a hand-built set of cases whose answers were
// worked out by hand (days in 2025, Honduran and US holidays, a clock stopped during a
// supplementary-information round). Written through the worker's real projection; read over HTTP
// by people of different scopes. The database is shared with the other test files of the run, so
// state-wide readers are asked about 2025 (when only these cases exist) or about these cases' ids.
describe('delay accounting and reports', () => {
  let api: INestApplication;
  let ds: DataSource;
  const auth: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let officeA: TestAuthority;
  let officeB: TestAuthority;
  let r3: CaseScript;

  const get = (path: string, who: string) => request(api.getHttpServer()).get(`/api/v1${path}`).set('Authorization', auth[who]);
  type Row = { caseId: string; reference: string };
  const mine = (items: Row[]) => items.filter((i) => Object.values(ids).includes(i.caseId));

  beforeAll(async () => {
    api = await startApi();
    ds = await testDataSource();
    officeA = await createAuthority(ds, 'HN', 'prosecutor_office');
    officeB = await createAuthority(ds, 'HN', 'prosecutor_office');
    const [hnCa, usCa, gtCa] = await Promise.all([
      createAuthority(ds, 'HN', 'central_authority'),
      createAuthority(ds, 'US', 'central_authority'),
      createAuthority(ds, 'GT', 'central_authority'),
    ]);
    const signedIn = await signedInPeople(api, ds, {
      prosecutorA: [officeA, ['prosecutor']],
      prosecutorB: [officeB, ['prosecutor']],
      hnCentral: [hnCa, ['central_authority']],
      usCentral: [usCa, ['central_authority']],
      gtCentral: [gtCa, ['central_authority']],
    });
    const { people } = signedIn;
    Object.assign(auth, signedIn.auth);

    const script = caseScripts(ds, people.prosecutorA.id);
    const hnUs = { requestingState: 'HN', requestedState: 'US', officeId: officeA.id };
    const paused = deadline('execution-target', '2025-11-01T23:59:59.999Z', {
      status: 'paused',
      activeInStages: ['transmitted', 'acknowledged', 'under_execution'],
      pausedInStages: ['supplementary_information'],
    });
    const running = { ...paused, status: 'pending' as const };

    // R1: the whole life of a request, with one supplementary round (the execution clock stopped).
    const r1 = script({ ...hnUs, reference: 'R1' });
    await r1.step('create', 'draft', '2025-03-31T10:00:00.000Z');
    await r1.step('submit', 'central_authority_review', '2025-04-07T10:00:00.000Z');
    await r1.step('approve', 'ready_to_transmit', '2025-04-22T10:00:00.000Z');
    await r1.step('transmit', 'transmitted', '2025-04-24T10:00:00.000Z', [running]);
    await r1.step('acknowledge', 'acknowledged', '2025-04-29T10:00:00.000Z', [running]);
    await r1.step('begin_execution', 'under_execution', '2025-05-01T10:00:00.000Z', [running]);
    await r1.step('request_supplementary_information', 'supplementary_information', '2025-05-12T10:00:00.000Z', [paused]);
    await r1.step('answer_supplementary_information', 'under_execution', '2025-05-22T10:00:00.000Z', [running]);
    await r1.step('record_final_response', 'responded', '2025-05-29T10:00:00.000Z');
    await r1.step('close', 'closed', '2025-06-02T10:00:00.000Z', [], 'executed');

    // R2: returned once after its review deadline had passed; waits to be transmitted.
    const r2 = script({ ...hnUs, reference: 'R2' });
    await r2.step('create', 'draft', '2025-03-03T10:00:00.000Z');
    await r2.step('submit', 'central_authority_review', '2025-03-10T10:00:00.000Z', [
      deadline('central-authority-review', '2025-03-12T23:59:59.999Z'),
    ]);
    await r2.step('return', 'draft', '2025-03-14T10:00:00.000Z');
    await r2.step('submit', 'central_authority_review', '2025-03-17T10:00:00.000Z');
    await r2.step('approve', 'ready_to_transmit', '2025-03-24T10:00:00.000Z');

    // R3 (HN→GT) and R4 (another office): reviews overdue since February and April.
    r3 = script({ ...hnUs, requestedState: 'GT', reference: 'R3' });
    await r3.step('create', 'draft', '2025-01-27T10:00:00.000Z');
    await r3.step('submit', 'central_authority_review', '2025-02-03T10:00:00.000Z', [
      deadline('central-authority-review', '2025-02-14T23:59:59.999Z'),
    ]);
    await r3.breach('central-authority-review', '2025-02-14T23:59:59.999Z', '2025-02-15T00:00:00.000Z');
    const r4 = caseScripts(ds, people.prosecutorB.id)({ ...hnUs, officeId: officeB.id, reference: 'R4' });
    await r4.step('create', 'draft', '2025-03-24T10:00:00.000Z');
    await r4.step('submit', 'central_authority_review', '2025-04-04T10:00:00.000Z', [
      deadline('central-authority-review', '2025-04-18T23:59:59.999Z'),
    ]);
    await r4.breach('central-authority-review', '2025-04-18T23:59:59.999Z', '2025-04-19T00:00:00.000Z');

    // R5: a draft opened ten days ago.
    const r5 = script({ ...hnUs, reference: 'R5' });
    await r5.step('create', 'draft', new Date(Date.now() - 10 * 86_400_000).toISOString());
    Object.assign(ids, { r1: r1.id, r2: r2.id, r3: r3.id, r4: r4.id, r5: r5.id });
  });

  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
  });

  it('should keep the delay accounting of every step: holder, days of the holder calendar, breach and clock stops', async () => {
    const steps = await ds.query(
      `SELECT seq, to_stage, holder_class, calendar_days, business_days, breached, clock_stops, stopped_days,
              stage_calendar_days, stage_business_days
       FROM case_steps WHERE case_id = $1 ORDER BY seq`,
      [ids.r1],
    );
    const si = steps.find((s: { to_stage: string }) => s.to_stage === 'supplementary_information');
    expect(si).toMatchObject({
      holder_class: 'requesting_prosecutor',
      calendar_days: 10,
      business_days: 8,
      stopped_days: 10,
      clock_stops: [{ from: '2025-05-12T10:00:00.000Z', to: '2025-05-22T10:00:00.000Z' }],
    });
    // Central-authority review in Honduras from 7 to 22 April 2025: 15 days, of which 8 business
    // days (14 April, Día de las Américas, and Holy Thursday and Good Friday are not).
    expect(steps[1]).toMatchObject({ to_stage: 'central_authority_review', holder_class: 'requesting_central_authority', calendar_days: 15, business_days: 8 });
    // Execution in the United States from 22 to 29 May: Memorial Day (26 May) is not a business day.
    expect(steps[7]).toMatchObject({ holder_class: 'executing_authority', calendar_days: 7, business_days: 4 });
    expect(steps.map((s: { holder_class: string | null }) => s.holder_class)).toEqual([
      'requesting_prosecutor', 'requesting_central_authority', 'requesting_central_authority', 'requested_central_authority',
      'requested_central_authority', 'executing_authority', 'requesting_prosecutor', 'executing_authority',
      'requesting_prosecutor', null,
    ]);
    const [review] = await ds.query(`SELECT breached, left_at FROM case_steps WHERE case_id = $1 AND seq = 1`, [ids.r2]);
    expect(review).toEqual({ breached: true, left_at: new Date('2025-03-14T10:00:00.000Z') });
  });

  it('should give the median, p90 and mean days per stage and pair, in calendar and in business days', async () => {
    const calendar = (await get('/reports/stage-times?from=2025-01&to=2025-12', 'hnCentral').expect(200)).body;
    const row = (group: string, stage: string) => calendar.items.find((i: { group: string; stage: string }) => i.group === group && i.stage === stage);
    // Drafts of HN→US: 7 (R1), 7 and 3 (R2, returned once), 11 (R4).
    expect(row('HN-US', 'draft')).toEqual({ group: 'HN-US', stage: 'draft', visits: 4, meanDays: 7, medianDays: 7, p90Days: 9.8 });
    expect(row('HN-US', 'central_authority_review')).toMatchObject({ visits: 3, meanDays: 8.67, medianDays: 7, p90Days: 13.4 });
    expect(row('HN-US', 'under_execution')).toMatchObject({ visits: 2, medianDays: 9, p90Days: 10.6 });
    expect(row('HN-US', 'supplementary_information')).toMatchObject({ visits: 1, medianDays: 10 });
    expect(row('HN-GT', 'draft')).toMatchObject({ visits: 1, medianDays: 7 });
    const business = (await get('/reports/stage-times?from=2025-01&to=2025-12&metric=business', 'hnCentral').expect(200)).body;
    const b = (stage: string) => business.items.find((i: { group: string; stage: string }) => i.group === 'HN-US' && i.stage === stage);
    expect(b('draft')).toMatchObject({ visits: 4, meanDays: 5, medianDays: 5, p90Days: 7.8 });
    expect(b('central_authority_review')).toMatchObject({ medianDays: 5, p90Days: 7.4 });
    expect(b('under_execution')).toMatchObject({ medianDays: 5.5 });
    expect(b('supplementary_information')).toMatchObject({ medianDays: 8 });
  });

  it("should give each reader only their scope's stages: the requested side from transmission, an office its own cases", async () => {
    const us = (await get('/reports/stage-times?from=2025-01&to=2025-12', 'usCentral').expect(200)).body.items;
    expect(us.map((i: { stage: string }) => i.stage).sort()).toEqual(
      ['acknowledged', 'responded', 'supplementary_information', 'transmitted', 'under_execution'].sort(),
    );
    const officeB = (await get('/reports/stage-times?from=2025-01&to=2025-12&groupBy=authority', 'prosecutorB').expect(200)).body.items;
    expect(officeB).toEqual([
      { group: officeBId(), authorityName: expect.any(String), stage: 'draft', visits: 1, meanDays: 11, medianDays: 11, p90Days: 11 },
    ]);
    expect((await get('/reports/stage-times?from=2025-01&to=2025-12', 'gtCentral').expect(200)).body.items).toEqual([]);
  });

  function officeBId(): string {
    return officeB.id;
  }

  it('should list overdue cases oldest first with their holder, within scope', async () => {
    const central = (await get('/reports/overdue?limit=1000', 'hnCentral').expect(200)).body.items;
    expect(mine(central).map((i: { reference: string }) => i.reference)).toEqual(['R3', 'R4']);
    const [first] = mine(central);
    expect(first).toMatchObject({
      pair: 'HN-GT',
      stage: 'central_authority_review',
      dueAt: '2025-02-14T23:59:59.999Z',
      daysOverdue: Math.floor((Date.now() - Date.parse('2025-02-14T23:59:59.999Z')) / 86_400_000),
      holderRole: 'central_authority',
      holderJurisdiction: 'HN',
      holderClass: 'requesting_central_authority',
    });
    expect((await get('/reports/overdue', 'prosecutorA').expect(200)).body.items.map((i: { reference: string }) => i.reference)).toEqual(['R3']);
    expect((await get('/reports/overdue', 'prosecutorB').expect(200)).body.items.map((i: { reference: string }) => i.reference)).toEqual(['R4']);
    expect(mine((await get('/reports/overdue', 'usCentral').expect(200)).body.items)).toEqual([]);
  });

  it('should count open cases per stage by days in the stage', async () => {
    const body = (await get('/reports/aging', 'prosecutorA').expect(200)).body;
    expect(body.buckets).toEqual(['0-7', '8-30', '31-90', '91-180', '181+']);
    const byStage = Object.fromEntries(body.items.map((i: { stage: string }) => [i.stage, i]));
    expect(byStage).toEqual({
      draft: { stage: 'draft', total: 1, days0to7: 0, days8to30: 1, days31to90: 0, days91to180: 0, days181plus: 0 },
      central_authority_review: { stage: 'central_authority_review', total: 1, days0to7: 0, days8to30: 0, days31to90: 0, days91to180: 0, days181plus: 1 },
      ready_to_transmit: { stage: 'ready_to_transmit', total: 1, days0to7: 0, days8to30: 0, days31to90: 0, days91to180: 0, days181plus: 1 },
    });
  });

  it('should give the monthly trend of opened and closed cases and the median days to close', async () => {
    const body = (await get('/reports/trend?from=2025-01&to=2025-06', 'prosecutorA').expect(200)).body;
    expect(body.items).toEqual([
      { month: '2025-01', opened: 1, closed: 0, medianDaysToClose: null },
      { month: '2025-02', opened: 0, closed: 0, medianDaysToClose: null },
      { month: '2025-03', opened: 2, closed: 0, medianDaysToClose: null },
      { month: '2025-04', opened: 0, closed: 0, medianDaysToClose: null },
      { month: '2025-05', opened: 0, closed: 0, medianDaysToClose: null },
      // R1: 31 March to 2 June.
      { month: '2025-06', opened: 0, closed: 1, medianDaysToClose: 63 },
    ]);
  });

  it('should rank the holders where the waiting piles up', async () => {
    const body = (await get('/reports/bottlenecks?from=2025-01&to=2025-12', 'prosecutorA').expect(200)).body;
    const days = (since: string) => Math.floor(Date.now() / 86_400_000) - Math.floor(Date.parse(since) / 86_400_000);
    const by = Object.fromEntries(body.items.map((i: { holderClass: string }) => [i.holderClass, i]));
    expect(by.requesting_prosecutor).toMatchObject({ completedDays: 38, completedVisits: 6, openCases: 1, openDays: 10 });
    expect(by.requesting_central_authority).toMatchObject({
      completedDays: 28,
      completedVisits: 4,
      openCases: 2,
      openDays: days('2025-03-24T10:00:00Z') + days('2025-02-03T10:00:00Z'),
    });
    expect(by.requested_central_authority).toMatchObject({ completedDays: 7, completedVisits: 2, openCases: 0 });
    expect(by.executing_authority).toMatchObject({ completedDays: 18, completedVisits: 2 });
    expect(body.items[0]).toMatchObject({ rank: 1, holderClass: 'requesting_central_authority' });
  });

  it('should list the cases with the most supplementary rounds, and no legal window for MLA', async () => {
    expect((await get('/reports/supplementary-rounds', 'prosecutorA').expect(200)).body.items).toEqual([
      { caseId: ids.r1, reference: 'R1', kind: 'mla', pair: 'HN-US', stage: 'closed', rounds: 1 },
    ]);
    expect(mine((await get('/reports/supplementary-rounds?limit=1000', 'usCentral').expect(200)).body.items).map((i: { reference: string }) => i.reference)).toEqual(['R1']);
    expect(mine((await get('/reports/supplementary-rounds?limit=1000', 'gtCentral').expect(200)).body.items)).toEqual([]);
    expect((await get('/reports/legal-deadlines?from=2025-01&to=2025-12', 'hnCentral').expect(200)).body.items).toEqual([]);
  });

  it('should answer every report as CSV with ?format=csv or Accept: text/csv, with the same rows', async () => {
    const csv = await get('/reports/overdue?format=csv', 'prosecutorA').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['caseId', 'reference', 'pair', 'stage', 'dueAt', 'daysOverdue', 'holderClass']));
    expect(lines.slice(1).map((l) => l.includes(',R3,'))).toEqual([true]);
    const viaAccept = await get('/reports/stage-times?from=2025-01&to=2025-12&groupBy=authority', 'prosecutorB')
      .set('Accept', 'text/csv')
      .expect(200);
    expect(viaAccept.text).toBe(
      `group,authorityName,stage,visits,meanDays,medianDays,p90Days\r\n${officeB.id},Test authority ${await officeCode(officeB.id)},draft,1,11,11,11\r\n`,
    );
    // A report with no rows still names its columns.
    const empty = await get('/reports/legal-deadlines?from=2025-01&to=2025-12&format=csv', 'gtCentral').expect(200);
    expect(empty.text).toBe('window,deadlineKey,pair,met,missed,ended,running\r\n');
    const gt = await get('/reports/supplementary-rounds?format=csv&limit=1000', 'gtCentral').expect(200);
    for (const id of Object.values(ids)) expect(gt.text).not.toContain(id);
  });

  async function officeCode(id: string): Promise<string> {
    const [row] = await ds.query(`SELECT code FROM authorities WHERE id = $1`, [id]);
    return row.code;
  }

  it('should refuse a period that runs backwards and an unknown format, changing nothing', async () => {
    await get('/reports/stage-times?from=2025-06&to=2025-01', 'hnCentral').expect(422);
    await get('/reports/trend?from=2025-13', 'hnCentral').expect(422);
    await get('/reports/overdue?format=xml', 'hnCentral').expect(422);
  });

  it('should notify only those who may see the step: the requested state of the transmission, never another office', async () => {
    const us = (await get('/notifications?limit=200', 'usCentral').expect(200)).body.items;
    expect(us.filter((n: { caseId: string }) => n.caseId === ids.r1).map((n: { kind: string }) => n.kind).sort()).toEqual(
      ['supplementary_information_answered', 'transmitted'],
    );
    const a = (await get('/notifications?limit=200', 'prosecutorA').expect(200)).body.items;
    expect(a.filter((n: { caseId: string }) => n.caseId === ids.r1).map((n: { kind: string }) => n.kind).sort()).toEqual(
      ['response', 'supplementary_information_requested'],
    );
    expect(a.filter((n: { caseId: string }) => n.caseId === ids.r2).map((n: { kind: string }) => n.kind)).toEqual(['returned']);
    const b = (await get('/notifications?limit=200', 'prosecutorB').expect(200)).body.items;
    expect(b.filter((n: { caseId: string }) => n.caseId !== ids.r4)).toEqual([]);
    const gt = (await get('/notifications?limit=200', 'gtCentral').expect(200)).body.items;
    expect(gt.filter((n: { caseId: string }) => Object.values(ids).includes(n.caseId))).toEqual([]);
  });
});
