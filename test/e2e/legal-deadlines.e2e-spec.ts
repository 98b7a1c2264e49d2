import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createAuthority, signedInPeople } from '../support/auth';
import { testDataSource } from '../support/database';
import { caseScripts, deadline, type CaseScript } from '../support/hand-built-cases';
import { startApi } from '../support/platform';

// Issue #13, compliance with legal deadlines: extradition's provisional-arrest window (the formal
// request in time, deadline `formal-request`) and surrender window (`surrender`), met by their act,
// missed, ended another way, or still running, on hand-built extradition cases written through
// the worker's real projection and read over HTTP by people of different scopes. Every window is
// due in 2024, when no other test file of the run has any.
describe('legal deadlines report', () => {
  let api: INestApplication;
  let ds: DataSource;
  const auth: Record<string, string> = {};
  const period = 'from=2024-01&to=2024-12';
  const get = (path: string, who: string) =>
    request(api.getHttpServer()).get(`/api/v1${path}`).set('Authorization', auth[who]);

  beforeAll(async () => {
    api = await startApi();
    ds = await testDataSource();
    const [officeA, officeB, gtOffice, hnCa, usCa, gtCa, mxCa] = await Promise.all([
      createAuthority(ds, 'HN', 'prosecutor_office'),
      createAuthority(ds, 'HN', 'prosecutor_office'),
      createAuthority(ds, 'GT', 'prosecutor_office'),
      createAuthority(ds, 'HN', 'central_authority'),
      createAuthority(ds, 'US', 'central_authority'),
      createAuthority(ds, 'GT', 'central_authority'),
      createAuthority(ds, 'MX', 'central_authority'),
    ]);
    const signedIn = await signedInPeople(api, ds, {
      prosecutorA: [officeA, ['prosecutor']],
      prosecutorB: [officeB, ['prosecutor']],
      hnCentral: [hnCa, ['central_authority']],
      usCentral: [usCa, ['central_authority']],
      gtCentral: [gtCa, ['central_authority']],
      mxCentral: [mxCa, ['central_authority']],
    });
    const { people } = signedIn;
    Object.assign(auth, signedIn.auth);

    const script = caseScripts(ds, people.prosecutorA.id);
    const hnUs = {
      kind: 'extradition',
      requestingState: 'HN',
      requestedState: 'US',
      officeId: officeA.id,
    } as const;
    const formal = (due: string) =>
      deadline('formal-request', due, { activeInStages: ['awaiting_formal_request'] });
    const surrender = (due: string, over = {}) =>
      deadline('surrender', due, {
        activeInStages: ['surrender_pending'],
        pausedInStages: ['appeal_pending'],
        ...over,
      });
    // Drafted, cleared and transmitted in January, to the stage the request type leads to.
    const transmitted = async (c: CaseScript, toStage: string) => {
      await c.step('create', 'draft', '2024-01-02T10:00:00.000Z');
      await c.step('submit', 'central_authority_review', '2024-01-03T10:00:00.000Z');
      await c.step('approve', 'ready_to_transmit', '2024-01-04T10:00:00.000Z');
      return c.step('transmit', toStage, '2024-01-05T10:00:00.000Z');
    };
    // Provisional arrest on the day given, the formal-request window due then.
    const arrested = async (c: CaseScript, at: string, due: string) =>
      (await transmitted(c, 'provisional_arrest_requested')).step(
        'record_arrest',
        'awaiting_formal_request',
        at,
        [formal(due)],
      );
    // A formal request from the start, the person consenting on the day given: surrender due then.
    const toSurrender = async (c: CaseScript, at: string, due: string) =>
      (await transmitted(c, 'formal_request_received')).step('record_consent', 'surrender_pending', at, [
        surrender(due),
      ]);

    // Provisional arrest, HN→US: the formal request in time (met); the window lapsing, the
    // requested side prompted to decide on release (missed); the request withdrawn while the
    // window ran (ended, not met); a window still running.
    const inTime = await arrested(
      script({ ...hnUs, reference: 'L-MET' }),
      '2024-01-10T10:00:00.000Z',
      '2024-03-10T23:59:59.999Z',
    );
    await inTime.step('transmit_formal_request', 'formal_request_received', '2024-02-20T10:00:00.000Z');
    const lapsed = await arrested(
      script({ ...hnUs, reference: 'L-MISSED' }),
      '2024-01-11T10:00:00.000Z',
      '2024-03-11T23:59:59.999Z',
    );
    await lapsed.breach('formal-request', '2024-03-11T23:59:59.999Z', '2024-03-12T00:00:00.000Z');
    await lapsed.step('formal_request_window_lapsed', 'release_decision', '2024-03-12T00:00:00.000Z');
    const withdrawn = await arrested(
      script({ ...hnUs, reference: 'L-ENDED' }),
      '2024-01-12T10:00:00.000Z',
      '2024-03-12T23:59:59.999Z',
    );
    await withdrawn.step('withdraw', 'closed', '2024-02-01T10:00:00.000Z', [], 'withdrawn');
    await arrested(
      script({ ...hnUs, reference: 'L-RUNNING' }),
      '2024-10-01T10:00:00.000Z',
      '2024-12-01T23:59:59.999Z',
    );

    // Surrender, HN→US: the person surrendered in time (met); the window breached (missed); an
    // appeal pausing the window (running); the person dying while it ran (ended).
    const handedOver = await toSurrender(
      script({ ...hnUs, reference: 'S-MET' }),
      '2024-05-01T10:00:00.000Z',
      '2024-06-30T23:59:59.999Z',
    );
    await handedOver.step('record_surrender', 'specialty_monitoring', '2024-06-10T10:00:00.000Z');
    const late = await toSurrender(
      script({ ...hnUs, reference: 'S-MISSED' }),
      '2024-03-01T10:00:00.000Z',
      '2024-05-01T23:59:59.999Z',
    );
    await late.breach('surrender', '2024-05-01T23:59:59.999Z', '2024-05-02T00:00:00.000Z');
    const appealed = await toSurrender(
      script({ ...hnUs, reference: 'S-PAUSED' }),
      '2024-05-15T10:00:00.000Z',
      '2024-07-15T23:59:59.999Z',
    );
    await appealed.step('file_appeal', 'appeal_pending', '2024-06-01T10:00:00.000Z', [
      surrender('2024-07-15T23:59:59.999Z', { status: 'paused', remainingMs: 44 * 86_400_000 }),
    ]);
    const died = await toSurrender(
      script({ ...hnUs, reference: 'S-ENDED' }),
      '2024-05-20T10:00:00.000Z',
      '2024-07-20T23:59:59.999Z',
    );
    await died.step('record_death', 'closed', '2024-06-05T10:00:00.000Z', [], 'person_deceased');

    // GT→MX, another pair: one formal request in time.
    const gt = await arrested(
      script({
        ...hnUs,
        requestingState: 'GT',
        requestedState: 'MX',
        officeId: gtOffice.id,
        reference: 'G-MET',
      }),
      '2024-02-01T10:00:00.000Z',
      '2024-04-01T23:59:59.999Z',
    );
    await gt.step('transmit_formal_request', 'formal_request_received', '2024-03-01T10:00:00.000Z');
  });

  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
  });

  const hnUsRows = [
    {
      window: 'provisional-arrest',
      deadlineKey: 'formal-request',
      pair: 'HN-US',
      met: 1,
      missed: 1,
      ended: 1,
      running: 1,
    },
    { window: 'surrender', deadlineKey: 'surrender', pair: 'HN-US', met: 1, missed: 1, ended: 1, running: 1 },
  ];

  it('should count each window met by its act, missed, ended another way or running, per pair', async () => {
    const body = (await get(`/reports/legal-deadlines?${period}`, 'hnCentral').expect(200)).body;
    expect(body).toMatchObject({ from: '2024-01', to: '2024-12' });
    expect(body.items).toEqual(hnUsRows);
  });

  it("should show each side its own pairs' windows, the requested side once transmitted, and nobody else's", async () => {
    expect((await get(`/reports/legal-deadlines?${period}`, 'usCentral').expect(200)).body.items).toEqual(
      hnUsRows,
    );
    expect((await get(`/reports/legal-deadlines?${period}`, 'prosecutorA').expect(200)).body.items).toEqual(
      hnUsRows,
    );
    const gtRow = [
      {
        window: 'provisional-arrest',
        deadlineKey: 'formal-request',
        pair: 'GT-MX',
        met: 1,
        missed: 0,
        ended: 0,
        running: 0,
      },
    ];
    expect((await get(`/reports/legal-deadlines?${period}`, 'gtCentral').expect(200)).body.items).toEqual(
      gtRow,
    );
    expect((await get(`/reports/legal-deadlines?${period}`, 'mxCentral').expect(200)).body.items).toEqual(
      gtRow,
    );
    expect((await get(`/reports/legal-deadlines?${period}`, 'prosecutorB').expect(200)).body.items).toEqual(
      [],
    );
    // Windows due outside the period, or of another kind, are not counted.
    expect(
      (await get('/reports/legal-deadlines?from=2024-04&to=2024-06', 'hnCentral').expect(200)).body.items,
    ).toEqual([
      {
        window: 'surrender',
        deadlineKey: 'surrender',
        pair: 'HN-US',
        met: 1,
        missed: 1,
        ended: 0,
        running: 0,
      },
    ]);
    expect(
      (await get(`/reports/legal-deadlines?${period}&kind=mla`, 'hnCentral').expect(200)).body.items,
    ).toEqual([]);
  });

  it('should answer the same rows as CSV, and nothing of another scope', async () => {
    const csv = await get(`/reports/legal-deadlines?${period}&format=csv`, 'usCentral').expect(200);
    expect(csv.text).toBe(
      'window,deadlineKey,pair,met,missed,ended,running\r\n' +
        'provisional-arrest,formal-request,HN-US,1,1,1,1\r\n' +
        'surrender,surrender,HN-US,1,1,1,1\r\n',
    );
    const other = await get(`/reports/legal-deadlines?${period}`, 'prosecutorB')
      .set('Accept', 'text/csv')
      .expect(200);
    expect(other.text).toBe('window,deadlineKey,pair,met,missed,ended,running\r\n');
  });
});
