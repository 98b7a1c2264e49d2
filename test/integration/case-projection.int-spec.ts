import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditVerifier } from '@comity/audit';
import { ActivityFailureType, type CaseDeadline, type CaseTransition } from '@comity/contracts';
import type { CaseProjectionActivities } from '../../apps/worker/src/activities/case-projection.activities';
import { projectionActivities } from '../support/projection';
import { testDataSource } from '../support/database';

const USER = randomUUID();
const HOLDER = { role: 'prosecutor', side: 'requesting', jurisdiction: 'GT', authorityId: null } as const;

function transition(caseId: string, seq: number, over: Partial<CaseTransition> = {}): CaseTransition {
  return {
    caseId,
    seq,
    requestingState: 'GT',
    requestedState: 'MX',
    requestingAuthorityId: null,
    createdBy: USER,
    fromStage: seq === 0 ? null : 'draft',
    toStage: seq === 0 ? 'draft' : 'central_authority_review',
    outcome: null,
    action: seq === 0 ? 'create' : 'submit',
    actorId: USER,
    reason: null,
    holder: HOLDER,
    deadlines: [],
    draft: { reference: `REF-${caseId.slice(0, 8)}`, summary: 'Records' },
    details: {},
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    ...over,
  };
}

function dl(key: string, dueAt: string): CaseDeadline {
  return {
    key, label: key, dueAt, remindAt: null, onBreach: 'escalate', activeInStages: ['central_authority_review'],
    pausedInStages: [], source: 'test', confidence: 'default', status: 'pending', remainingMs: null,
  };
}

describe('case projection against PostgreSQL', () => {
  let ds: DataSource;
  let activities: CaseProjectionActivities;

  beforeAll(async () => {
    ds = await testDataSource();
    activities = projectionActivities(ds);
  });
  afterAll(() => ds.destroy());

  it('should write the case, one step and one audit record per transition when a retry replays it', async () => {
    const caseId = randomUUID();
    await activities.projectTransition(transition(caseId, 0));
    await activities.projectTransition(transition(caseId, 1));
    await activities.projectTransition(transition(caseId, 1));
    await activities.projectTransition(transition(caseId, 0));

    const steps = await ds.query('SELECT seq, left_at FROM case_steps WHERE case_id = $1 ORDER BY seq', [caseId]);
    const [row] = await ds.query('SELECT stage, last_seq, reference FROM cases WHERE id = $1', [caseId]);
    const audit = await ds.query('SELECT action FROM audit_records WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(steps.map((s: { seq: number }) => s.seq)).toEqual([0, 1]);
    expect(steps[0].left_at).not.toBeNull();
    expect(row).toEqual({ stage: 'central_authority_review', last_seq: 1, reference: `REF-${caseId.slice(0, 8)}` });
    expect(audit).toEqual([{ action: 'case.create' }, { action: 'case.submit' }]);
  });

  it('should not move a case backwards when an older transition arrives late', async () => {
    const caseId = randomUUID();
    await activities.projectTransition(transition(caseId, 0));
    await activities.projectTransition(transition(caseId, 2, { toStage: 'closed', outcome: 'withdrawn' }));
    await activities.projectTransition(transition(caseId, 1));

    const [row] = await ds.query('SELECT stage, outcome, last_seq, closed_at FROM cases WHERE id = $1', [caseId]);
    expect(row).toMatchObject({ stage: 'closed', outcome: 'withdrawn', last_seq: 2 });
    expect(row.closed_at).not.toBeNull();
    // The late transition is still audited, at the end of the case's chain.
    const audit = await ds.query(`SELECT details->>'seq' AS step FROM audit_records WHERE case_id = $1 ORDER BY seq`, [caseId]);
    expect(audit.map((a: { step: string }) => a.step)).toEqual(['0', '2', '1']);
  });

  it('should roll back the whole transition when one write fails', async () => {
    const caseId = randomUUID();
    await expect(
      activities.projectTransition(transition(caseId, 0, { action: null as unknown as string })),
    ).rejects.toThrow(/projectTransition failed: database error 23502 on case_steps/);
    const [{ cases }] = await ds.query('SELECT count(*)::int AS cases FROM cases WHERE id = $1', [caseId]);
    const [{ audit }] = await ds.query('SELECT count(*)::int AS audit FROM audit_records WHERE case_id = $1', [caseId]);
    expect([cases, audit]).toEqual([0, 0]);
  });

  it('should keep deadlines, the next due instant, reminders and escalations in the read model', async () => {
    const caseId = randomUUID();
    await activities.projectTransition(transition(caseId, 0));
    await activities.projectTransition(transition(caseId, 1, { deadlines: [dl('review_target', '2026-02-01T00:00:00.000Z')] }));
    const escalation = {
      caseId, eventId: 'review_target:2026-02-01T00:00:00.000Z:escalation', deadlineKey: 'review_target',
      kind: 'escalation' as const, dueAt: '2026-02-01T00:00:00.000Z', holder: HOLDER, at: '2026-02-01T00:00:01.000Z',
    };
    await activities.recordDeadlineEvent(escalation);
    await activities.recordDeadlineEvent(escalation);

    const [row] = await ds.query('SELECT next_due_at, overdue FROM cases WHERE id = $1', [caseId]);
    const [deadline] = await ds.query('SELECT status, active FROM case_deadlines WHERE case_id = $1', [caseId]);
    const notes = await ds.query('SELECT recipient_role FROM notifications WHERE case_id = $1 ORDER BY recipient_role', [caseId]);
    expect(row).toEqual({ next_due_at: new Date('2026-02-01T00:00:00.000Z'), overdue: true });
    expect(deadline).toEqual({ status: 'breached', active: true });
    expect(notes).toEqual([{ recipient_role: 'prosecutor' }, { recipient_role: 'supervisor' }]);
  });

  it('should keep one valid audit chain per case under concurrent projections of different cases', async () => {
    const ids = Array.from({ length: 8 }, () => randomUUID());
    await Promise.all(ids.map((id) => activities.projectTransition(transition(id, 0))));
    await Promise.all(ids.map((id) => activities.projectTransition(transition(id, 1))));
    const report = await new AuditVerifier(ds).verifyChains();
    expect(report).toMatchObject({ ok: true });
  });

  it.each([
    ['a NUL in the draft', { draft: { reference: 'A\u0000B' } }],
    ['a week date in neededBy', { draft: { neededBy: '2026-W05' } }],
  ])('should refuse %s as non-retryable invalid data and write nothing', async (_, over) => {
    const caseId = randomUUID();
    await activities.projectTransition(transition(caseId, 0));
    const err = await activities.projectTransition(transition(caseId, 1, over)).catch((e: unknown) => e);
    expect(err).toMatchObject({ nonRetryable: true, type: ActivityFailureType.INVALID_DATA });
    expect((err as Error).message).toMatch(/^projectTransition failed: database error 22/);
    expect(await ds.query(`SELECT seq FROM case_steps WHERE case_id = $1`, [caseId])).toEqual([{ seq: 0 }]);
    expect(await ds.query(`SELECT stage, last_seq FROM cases WHERE id = $1`, [caseId])).toEqual([{ stage: 'draft', last_seq: 0 }]);
  });
});
