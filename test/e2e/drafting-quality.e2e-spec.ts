import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditRows, type TestUser } from '../support/auth';
import { startRulesApi, type RulesApi } from '../support/rules-api';

// Issue #17, end to end: a Mexican prosecutor's MLA request to Guatemala for bank records gets law,
// policy and doubt apart, and an administrator sets the FGR's own review period (audited). On a
// database of its own: the policy change must not leak into other suites' evaluations.
const BANK_RECORDS = {
  requestingState: 'MX',
  requestedState: 'GT',
  kind: 'mla',
  offences: [{ description: 'Fraude', maxPenaltyYears: 12 }],
  subject: 'Investigación por fraude y operaciones con recursos de procedencia ilícita',
  factsSummary: 'Transferencias desde cuentas defraudadas a cuentas abiertas en Guatemala',
  assistanceSought: 'Estados de cuenta certificados de las cuentas señaladas, 2023-2025',
  assistanceTypes: ['records'],
  purpose: 'Prueba en el proceso penal',
  events: { 'request-submitted': '2026-03-02T15:00:00Z' },
};

interface Evaluation {
  chosenBasis: { instrumentId: string } | null;
  completeness: { complete: boolean; missing: { field: string; nature: string; blocking: boolean }[] };
  language: { translationNeeded: boolean; draftLanguage?: string };
  deadlines: { ruleId: string; step: string; days: number | null; unit: string; nature: string; source: string }[];
  findings: { ruleId: string; topic: string; article?: string; url?: string; source: string; confidence: string }[];
  policies: { ruleId: string; topic: string; setBy: string; authorityId: string | null; source: string }[];
  warnings: { ruleId: string; message: string; confidence: string; affects: string; rank: number }[];
  dataVersion: string;
}

describe('drafting quality: law, policy and doubt', () => {
  let rules: RulesApi;
  let api: INestApplication;
  let ds: DataSource;
  let admin: TestUser;
  let adminAuth: string;
  let prosecutorAuth: string;
  const http = () => request(api.getHttpServer());
  const evaluate = async (body: object = BANK_RECORDS): Promise<Evaluation> =>
    (await http().post('/api/v1/rules/evaluate').set('Authorization', prosecutorAuth).send(body).expect(200)).body;
  const setPolicy = (body: object, auth = adminAuth, authority = 'mx-fgr') =>
    http().post(`/api/v1/admin/authorities/${authority}/policies`).set('Authorization', auth).send(body);

  beforeAll(async () => {
    rules = await startRulesApi('MX', 'MX');
    ({ api, ds, admin, adminAuth, prosecutorAuth } = rules);
  });
  afterAll(async () => {
    await rules?.close();
  });

  it('should give findings of law with article, link and confidence (IA-MLA arts. 3 and 26, GT Const. art. 143)', async () => {
    const evaluation = await evaluate();
    expect(evaluation.chosenBasis?.instrumentId).toBe('ia-mla-1992');
    const byRule = new Map(evaluation.findings.map((f) => [f.ruleId, f]));
    expect(byRule.get('ia-mla-1992:channel:mla')).toMatchObject({ article: 'IA-MLA art. 3', confidence: 'confirmed', url: expect.stringMatching(/^https?:\/\//) });
    expect(byRule.get('GT:official-languages')).toMatchObject({ article: 'Const. art. 143', confidence: 'confirmed' });
    // No answer cites the project's own design documents.
    expect(JSON.stringify(evaluation)).not.toMatch(/legal-research\.md|product\.md|engineering default/i);
  });

  it('should need no translation from Mexico to Guatemala when the draft names no language', async () => {
    const evaluation = await evaluate();
    expect(evaluation.language).toMatchObject({ translationNeeded: false, draftLanguage: 'es' });
  });

  it("should show review periods and the house checklist as the FGR's policy, never as warnings or blocks", async () => {
    const evaluation = await evaluate();
    expect(evaluation.policies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'default.mla-central-authority-review', topic: 'deadline', setBy: 'platform', authorityId: 'mx-fgr' }),
        expect.objectContaining({ topic: 'contents', authorityId: 'mx-fgr' }),
      ]),
    );
    const policyIds = new Set(evaluation.policies.map((p) => p.ruleId));
    expect(evaluation.warnings.filter((w) => policyIds.has(w.ruleId))).toEqual([]);
    // The house checklist asks for the requesting authority: a checklist item, not a block.
    expect(evaluation.completeness.missing.find((m) => m.field === 'requestingAuthority')).toMatchObject({ nature: 'policy', blocking: false });
    expect(evaluation.completeness.complete).toBe(true);
  });

  it('should warn only about doubtful law, deduplicated and ranked by what it changes', async () => {
    const evaluation = await evaluate();
    expect(evaluation.warnings.length).toBeGreaterThan(0);
    evaluation.warnings.forEach((w) => expect(['secondary', 'unconfirmed']).toContain(w.confidence));
    expect(evaluation.warnings.map((w) => w.rank)).toEqual(evaluation.warnings.map((_, i) => i + 1));
    expect(new Set(evaluation.warnings.map((w) => w.ruleId)).size).toBe(evaluation.warnings.length);
    expect(evaluation.warnings[0]).toMatchObject({ ruleId: 'basis:mx-gt-mla:uncertain', affects: 'basis' });
  });

  it("should apply an administrator's review period for the FGR at the next evaluation, as its policy, and audit it", async () => {
    const before = await evaluate();
    const res = await setPolicy({ key: 'deadline:central-authority-review', amount: 5, unit: 'business', reason: 'Circular 4/2026: review within five business days' }).expect(201);
    expect(res.body.policies.find((p: { key: string }) => p.key === 'deadline:central-authority-review')).toMatchObject({
      setBy: 'authority',
      amount: 5,
      unit: 'business',
      platformDefault: { amount: 10, unit: 'business' },
    });
    const after = await evaluate();
    expect(after.deadlines.find((d) => d.step === 'central-authority-review')).toMatchObject({ days: 5, unit: 'business', nature: 'policy' });
    expect(after.policies.find((p) => p.ruleId === 'default.mla-central-authority-review')).toMatchObject({
      setBy: 'authority',
      source: expect.stringContaining('Circular 4/2026'),
    });
    expect(after.warnings.map((w) => w.ruleId)).not.toContain('default.mla-central-authority-review');
    expect(after.dataVersion).not.toBe(before.dataVersion);
    expect(after.dataVersion).toMatch(/\+policies@\d+$/);
    expect(await auditRows(ds, { actorId: admin.id, action: 'rules.authority_policy_changed' })).toEqual([
      expect.objectContaining({
        outcome: 'allowed',
        case_id: null,
        details: expect.objectContaining({ authorityId: 'mx-fgr', key: 'deadline:central-authority-review', amount: 5, cleared: false }),
      }),
    ]);
  });

  it('should return a key to the platform default when cleared, keeping the history', async () => {
    await setPolicy({ key: 'deadline:central-authority-review', clear: true, reason: 'Circular withdrawn' }).expect(201);
    const list = await http().get('/api/v1/admin/authorities/mx-fgr/policies').set('Authorization', adminAuth).expect(200);
    expect(list.body.policies.find((p: { key: string }) => p.key === 'deadline:central-authority-review')).toMatchObject({ setBy: 'platform', amount: 10 });
    expect(list.body.changes.map((c: { cleared: boolean }) => c.cleared)).toEqual([false, true]);
    const evaluation = await evaluate();
    expect(evaluation.deadlines.find((d) => d.step === 'central-authority-review')).toMatchObject({ days: 10 });
  });

  it('should refuse a deadline the law sets, unknown templates and a missing period with 422, and change nothing', async () => {
    const before = await http().get('/api/v1/admin/authorities/mx-fgr/policies').set('Authorization', adminAuth).expect(200);
    const law = await setPolicy({ key: 'deadline:formal-request', amount: 90, reason: 'Longer window' }).expect(422);
    expect(law.body.errors).toEqual([expect.objectContaining({ field: 'key' })]);
    const templates = await setPolicy({ key: 'house-templates', templates: ['no-such-template'], reason: 'House rule' }).expect(422);
    expect(templates.body.errors).toEqual([expect.objectContaining({ field: 'templates' })]);
    await setPolicy({ key: 'deadline:central-authority-review', reason: 'No period' }).expect(422);
    await setPolicy({ key: 'something-else', amount: 3, reason: 'x x x' }).expect(422);
    const after = await http().get('/api/v1/admin/authorities/mx-fgr/policies').set('Authorization', adminAuth).expect(200);
    expect(after.body.changes).toEqual(before.body.changes);
  });

  it('should let only administrators read or change policies, and answer 404 for an unknown authority', async () => {
    await setPolicy({ key: 'deadline:central-authority-review', amount: 3, reason: 'Not allowed' }, prosecutorAuth).expect(403);
    await http().get('/api/v1/admin/authorities/mx-fgr/policies').set('Authorization', prosecutorAuth).expect(403);
    await http().get('/api/v1/admin/authorities/no-such-authority/policies').set('Authorization', adminAuth).expect(404);
    await setPolicy({ key: 'deadline:central-authority-review', amount: 3, reason: 'Unknown' }, adminAuth, 'no-such-authority').expect(404);
  });

  it("should use an authority's house templates as checklist items only", async () => {
    await setPolicy({ key: 'house-templates', templates: ['core', 'doj-crm-275'], reason: 'FGR house model' }).expect(201);
    const evaluation = await evaluate();
    const legalProvisions = evaluation.completeness.missing.find((m) => m.field === 'legalProvisions');
    expect(legalProvisions).toMatchObject({ nature: 'policy', blocking: false });
    expect(evaluation.completeness.complete).toBe(true);
  });
});
