import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditRows, type TestUser } from '../support/auth';
import { startRulesApi, type RulesApi } from '../support/rules-api';

const US_HN = 'us-hn-extradition-1909';
const INSIDE_WINDOW = '2025-06-01'; // denunciation pending (28 Aug 2024 → 10 Jan 2026), [S]
const AFTER_WINDOW = '2026-03-02'; // annulment of the denunciation, [S]

const extraditionToHonduras = (date: string) => ({
  requestingState: 'US',
  requestedState: 'HN',
  kind: 'extradition',
  date,
  offences: [
    {
      code: '21 U.S.C. 963',
      description: 'Conspiracy to import cocaine into the United States',
      maxPenaltyYears: 20,
      categories: ['drug-trafficking'],
      committedIn: 'HN',
    },
  ],
  personSought: { nationalities: ['HN'] },
  requestingAuthority: 'Office of International Affairs (DOJ)',
  documents: { arrestWarrant: true, identification: 'Passport copy and fingerprints' },
  language: 'en',
});

interface Sourced {
  ruleId?: string;
  source: string;
  confidence: string;
}

// The rules API end to end, on a database of its own: this suite changes a treaty's status, which
// must not leak into other suites' evaluations.
describe('rules API', () => {
  let rules: RulesApi;
  let api: INestApplication;
  let ds: DataSource;
  let admin: TestUser;
  let adminAuth: string;
  let prosecutorAuth: string;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    rules = await startRulesApi('US', 'HN');
    ({ api, ds, admin, adminAuth, prosecutorAuth } = rules);
  });
  afterAll(async () => {
    await rules?.close();
  });

  const evaluate = (body: object, auth = prosecutorAuth) =>
    http().post('/api/v1/rules/evaluate').set('Authorization', auth).send(body);

  describe('reference data', () => {
    it('should refuse an anonymous caller', async () => {
      await http().get('/api/v1/instruments').expect(401);
    });

    it('should list the jurisdictions with the source and confidence of each fact', async () => {
      const res = await http().get('/api/v1/jurisdictions').set('Authorization', prosecutorAuth).expect(200);
      expect(res.body.dataVersion).toMatch(/^jurisdictions@/);
      expect(res.body.items.map((j: { code: string }) => j.code).sort()).toEqual([
        'GT',
        'HN',
        'MX',
        'SV',
        'US',
      ]);
      for (const j of res.body.items as { officialLanguages: Sourced; contiguousWith: Sourced }[]) {
        expect(j.officialLanguages).toEqual(expect.objectContaining({ source: expect.any(String) }));
        expect(j.contiguousWith.confidence).toMatch(/^(confirmed|secondary|unconfirmed|default)$/);
      }
    });

    it('should filter authorities by jurisdiction and kind', async () => {
      const res = await http()
        .get('/api/v1/authorities?jurisdiction=HN&kind=central-authority')
        .set('Authorization', prosecutorAuth)
        .expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const a of res.body.items as { jurisdiction: string; kind: string; roles: Sourced[] }[]) {
        expect(a).toMatchObject({ jurisdiction: 'HN', kind: 'central-authority' });
        a.roles.forEach((r) => expect(r.source).toEqual(expect.any(String)));
      }
      await http().get('/api/v1/authorities?kind=embassy').set('Authorization', prosecutorAuth).expect(422);
    });

    it('should give each instrument its status at the requested date, with source and confidence', async () => {
      const statusOn = async (at: string) => {
        const res = await http()
          .get(`/api/v1/instruments?at=${at}&jurisdiction=HN`)
          .set('Authorization', prosecutorAuth)
          .expect(200);
        return res.body.items.find((i: { id: string }) => i.id === US_HN).statusAt;
      };
      expect(await statusOn(INSIDE_WINDOW)).toMatchObject({
        date: INSIDE_WINDOW,
        status: 'denunciation-pending',
        usable: true,
        article: 'Art. XIV',
        confidence: 'secondary',
        // The press reports the treaty text, not the project's own notes, are cited, with a link.
        source: expect.stringContaining('elmundo.hn'),
        url: expect.stringMatching(/^https?:\/\//),
      });
      expect(await statusOn(AFTER_WINDOW)).toMatchObject({ status: 'in-force', confidence: 'secondary' });
    });

    it('should answer one instrument with its whole timeline, 404 for an unknown one and 422 for a bad date', async () => {
      const one = await http()
        .get(`/api/v1/instruments/${US_HN}?at=${INSIDE_WINDOW}`)
        .set('Authorization', prosecutorAuth)
        .expect(200);
      expect(one.body.status.map((p: { status: string }) => p.status)).toEqual([
        'in-force',
        'denunciation-pending',
        'in-force',
      ]);
      expect(one.body.statusAt.status).toBe('denunciation-pending');
      const missing = await http()
        .get('/api/v1/instruments/no-such-treaty')
        .set('Authorization', prosecutorAuth);
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      await http().get('/api/v1/instruments?at=2025-02-30').set('Authorization', prosecutorAuth).expect(422);
    });
  });

  describe('evaluate', () => {
    it('should choose the 1909 convention inside the denunciation window and warn that its status is [S]', async () => {
      // Act
      const res = await evaluate(extraditionToHonduras(INSIDE_WINDOW)).expect(200);
      // Assert
      expect(res.body.chosenBasis).toMatchObject({
        instrumentId: US_HN,
        status: 'denunciation-pending',
        applicability: 'applicable',
      });
      expect(res.body.warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: `${US_HN}:status[1]`, confidence: 'secondary' }),
        ]),
      );
      expectSourcedAnswer(res.body);
    });

    it('should choose the 1909 convention as in force after the annulment, still with warnings', async () => {
      const res = await evaluate(extraditionToHonduras(AFTER_WINDOW)).expect(200);
      expect(res.body.chosenBasis).toMatchObject({ instrumentId: US_HN, status: 'in-force' });
      const ruleIds = res.body.warnings.map((w: { ruleId: string }) => w.ruleId);
      expect(ruleIds).toContain(`${US_HN}:status[2]`);
      expect(ruleIds).not.toContain(`${US_HN}:status[1]`);
      expectSourcedAnswer(res.body);
    });

    it('should answer an MLA draft with completeness, language needs and deadlines', async () => {
      const res = await evaluate({
        requestingState: 'HN',
        requestedState: 'US',
        kind: 'mla',
        offences: [],
        language: 'es',
      }).expect(200);
      expect(res.body.chosenBasis).not.toBeNull();
      expect(res.body.completeness.complete).toBe(false);
      expect(res.body.language).toMatchObject({
        translationNeeded: true,
        required: expect.arrayContaining(['en']),
      });
      expect(Array.isArray(res.body.deadlines)).toBe(true);
    });

    it('should refuse unknown fields and invalid values with 422 naming each field', async () => {
      // Act
      const res = await evaluate({
        ...extraditionToHonduras(INSIDE_WINDOW),
        kind: 'surrender',
        requestedState: 'Honduras',
        nickname: 'x',
        offences: [{ description: 'x', categories: ['jaywalking'], color: 'red' }],
        events: { 'provisional-arrest': 'yesterday', teatime: '2026-01-01' },
      });
      // Assert
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'kind',
          'requestedState',
          'nickname',
          'offences.0.categories',
          'offences.0.color',
          'events.provisional-arrest',
          'events.teatime',
        ]),
      );
    });
  });

  describe('instrument status changes', () => {
    const suspend = {
      status: 'suspended',
      effectiveFrom: '2025-01-01',
      reason: 'Diplomatic note suspending the convention',
    };

    it('should refuse a non-admin with 403 and change nothing', async () => {
      await http()
        .post(`/api/v1/admin/instruments/${US_HN}/status`)
        .set('Authorization', prosecutorAuth)
        .send(suspend)
        .expect(403);
      const rows = await ds.query(`SELECT count(*)::int AS n FROM instrument_status_changes`);
      expect(rows[0].n).toBe(0);
    });

    it('should answer 404 for an unknown instrument and 422 for an unknown status or a confirmed change without source', async () => {
      const post = (id: string, body: object) =>
        http().post(`/api/v1/admin/instruments/${id}/status`).set('Authorization', adminAuth).send(body);
      await post('no-such-treaty', suspend).expect(404);
      const badStatus = await post(US_HN, { ...suspend, status: 'paused' }).expect(422);
      expect(badStatus.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      const noSource = await post(US_HN, { ...suspend, confidence: 'confirmed' }).expect(422);
      expect(noSource.body.errors).toEqual([expect.objectContaining({ field: 'source' })]);
      await post(US_HN, { status: 'suspended', effectiveFrom: '2025-01-01' }).expect(422);
    });

    it('should change the next evaluation without a restart, and audit the change', async () => {
      // Arrange
      const before = await evaluate(extraditionToHonduras(INSIDE_WINDOW)).expect(200);
      expect(before.body.chosenBasis.instrumentId).toBe(US_HN);
      // Act
      const change = await http()
        .post(`/api/v1/admin/instruments/${US_HN}/status`)
        .set('Authorization', adminAuth)
        .send({
          ...suspend,
          source: 'Test diplomatic note 1/2025',
          article: 'Art. XIV',
          confidence: 'confirmed',
        })
        .expect(201);
      const after = await evaluate(extraditionToHonduras(INSIDE_WINDOW)).expect(200);
      // Assert
      expect(change.body.change).toMatchObject({
        instrumentId: US_HN,
        status: 'suspended',
        effectiveFrom: '2025-01-01',
        confidence: 'confirmed',
        changedBy: admin.id,
      });
      expect(change.body.statusAt).toMatchObject({ status: 'suspended', usable: false });
      const basis = after.body.bases.find((b: { instrumentId: string }) => b.instrumentId === US_HN);
      expect(basis).toMatchObject({ status: 'suspended', applicability: 'not-applicable' });
      expect(after.body.chosenBasis?.instrumentId).not.toBe(US_HN);
      expect(after.body.dataVersion).not.toBe(before.body.dataVersion);
      expect(basis.reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'status:suspended',
            ruleId: `${US_HN}:status-change:${change.body.change.id}`,
            source: 'Test diplomatic note 1/2025',
          }),
        ]),
      );

      expect(await auditRows(ds, { actorId: admin.id, action: 'rules.instrument_status_changed' })).toEqual([
        expect.objectContaining({
          outcome: 'allowed',
          case_id: null,
          details: {
            instrumentId: US_HN,
            changeId: change.body.change.id,
            status: 'suspended',
            effectiveFrom: '2025-01-01',
            confidence: 'confirmed',
          },
        }),
      ]);
      const verify = await http().get('/api/v1/audit/verify').set('Authorization', adminAuth).expect(200);
      expect(verify.body.ok).toBe(true);
    });

    it('should warn about an unconfirmed change and show the history to admins only', async () => {
      // Arrange: the administrator lifts the suspension on an unconfirmed report (the default tag).
      await http()
        .post(`/api/v1/admin/instruments/${US_HN}/status`)
        .set('Authorization', adminAuth)
        .send({
          status: 'in-force',
          effectiveFrom: '2025-05-01',
          reason: 'Press reports the suspension lifted',
        })
        .expect(201);
      // Act
      const res = await evaluate(extraditionToHonduras(INSIDE_WINDOW)).expect(200);
      const history = await http()
        .get(`/api/v1/admin/instruments/${US_HN}/status-history`)
        .set('Authorization', adminAuth)
        .expect(200);
      // Assert: an unconfirmed status leaves the treaty at best uncertain, and says so.
      const basis = res.body.bases.find((b: { instrumentId: string }) => b.instrumentId === US_HN);
      expect(basis).toMatchObject({ status: 'in-force', applicability: 'uncertain' });
      expect(basis.reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: expect.stringMatching(/:status-change:/),
            confidence: 'unconfirmed',
          }),
        ]),
      );
      expect(res.body.warnings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ruleId: `basis:${US_HN}:uncertain`, confidence: 'unconfirmed' }),
        ]),
      );
      expect(history.body.bundled).toHaveLength(3);
      expect(history.body.changes.map((c: { status: string }) => c.status)).toEqual([
        'suspended',
        'in-force',
      ]);
      expect(history.body.timeline.map((p: { status: string }) => p.status)).toEqual([
        'in-force',
        'denunciation-pending',
        'suspended',
        'in-force',
      ]);
      await http()
        .get(`/api/v1/admin/instruments/${US_HN}/status-history`)
        .set('Authorization', prosecutorAuth)
        .expect(403);
    });
  });
});

// Every basis reason, risk, missing item and deadline names its source; only law below [C]
// warns (a policy never does), and the warnings are ranked.
function expectSourcedAnswer(evaluation: {
  bases: { reasons: Sourced[] }[];
  risks: Sourced[];
  completeness: { missing: Sourced[] };
  deadlines: Sourced[];
  warnings: { confidence: string; rank: number }[];
}): void {
  const facts = [
    ...evaluation.bases.flatMap((b) => b.reasons),
    ...evaluation.risks,
    ...evaluation.completeness.missing,
    ...evaluation.deadlines,
  ];
  expect(facts.length).toBeGreaterThan(0);
  facts.forEach((f) => expect(f.source).toEqual(expect.any(String)));
  expect(evaluation.warnings.length).toBeGreaterThan(0);
  evaluation.warnings.forEach((w) => expect(['secondary', 'unconfirmed']).toContain(w.confidence));
  expect(evaluation.warnings.map((w) => w.rank)).toEqual(evaluation.warnings.map((_, i) => i + 1));
}
