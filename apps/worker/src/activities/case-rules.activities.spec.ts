import { buildRulesIndex, loadBundledRulesData } from '@comity/treaty-rules';
import { CaseRulesActivities } from './case-rules.activities';
import { DeadlineScale } from './deadline-scale';

// Against the real bundled rules data: the activity's answers are the rules engine's.
describe('CaseRulesActivities', () => {
  const index = buildRulesIndex(loadBundledRulesData());
  const kept: string[] = [];
  const activities = new CaseRulesActivities({ index: async () => index }, { keep: async (caseId) => (kept.push(caseId), `ev-${caseId}`) });
  const complete = {
    reference: 'HN-FGR-1',
    requestingAuthority: 'Ministerio Público de Honduras',
    investigatingAuthority: 'Fiscalía Especial contra el Crimen Organizado',
    subject: 'Money laundering investigation',
    factsSummary: 'Funds moved through accounts in Miami',
    assistanceSought: 'Bank records',
    personsConcerned: [{ name: 'Account holders' }],
    purpose: 'Trace proceeds',
    offences: [{ description: 'Money laundering', maxPenaltyYears: 15 }],
  };

  it('should name every missing required field of an incomplete draft under IA-MLA', async () => {
    const result = await activities.assessSubmission({
      caseId: 'c1', requestingState: 'HN', requestedState: 'US', draft: { reference: 'X' }, at: '2026-03-02T00:00:00Z',
    });
    expect(result.complete).toBe(false);
    expect(result.missing.map((m) => m.field)).toEqual(expect.arrayContaining(['factsSummary', 'assistanceSought', 'purpose']));
  });

  it('should accept a complete HN→US draft, choose IA-MLA and ask for an English translation', async () => {
    const result = await activities.assessSubmission({
      caseId: 'c1', requestingState: 'HN', requestedState: 'US', draft: complete, at: '2026-03-02T00:00:00Z',
    });
    expect(result).toMatchObject({ complete: true, basisId: 'ia-mla-1992', translationRequired: true, channel: 'central-authority' });
  });

  it('should not block a submission on the house checklist (policy), only on mandatory confirmed law', async () => {
    const { requestingAuthority: _omitted, ...withoutAuthority } = complete;
    const result = await activities.assessSubmission({
      caseId: 'c2', requestingState: 'MX', requestedState: 'GT', draft: withoutAuthority, at: '2026-03-02T00:00:00Z',
    });
    expect(result).toMatchObject({ complete: true, basisId: 'ia-mla-1992', translationRequired: false, missing: [] });
    expect(kept).toContain('c2');
  });

  it('should plan the acknowledgement escalation and the execution target when a request is transmitted', async () => {
    const deadlines = await activities.planDeadlines({
      caseId: 'c1', stage: 'transmitted', requestingState: 'HN', requestedState: 'US', draft: complete,
      basisId: 'ia-mla-1992', at: '2026-03-02T15:00:00.000Z',
    });
    const byKey = Object.fromEntries(deadlines.map((d) => [d.key, d]));
    expect(byKey['acknowledgement-escalation']).toMatchObject({
      dueAt: '2026-05-31T23:59:59.999Z', onBreach: 'escalate', confidence: 'default', activeInStages: ['transmitted'],
    });
    expect(byKey['execution-target']).toMatchObject({ pausedInStages: ['supplementary_information'] });
    expect(Date.parse(byKey['acknowledgement-escalation'].remindAt!)).toBeLessThan(Date.parse(byKey['acknowledgement-escalation'].dueAt));
  });

  it('should plan the supplementary-information answer and lapse deadlines when information is requested', async () => {
    const deadlines = await activities.planDeadlines({
      caseId: 'c1', stage: 'supplementary_information', requestingState: 'HN', requestedState: 'US', draft: complete,
      basisId: 'ia-mla-1992', at: '2026-03-02T15:00:00.000Z',
    });
    expect(deadlines.map((d) => [d.key, d.onBreach])).toEqual([
      ['supplementary-information', 'escalate'],
      ['supplementary-information-lapse', 'lapse'],
    ]);
  });

  it('should count the central-authority review target in Honduran business days across Holy Week', async () => {
    const [review] = await activities.planDeadlines({
      caseId: 'c1', stage: 'central_authority_review', requestingState: 'HN', requestedState: 'US', draft: complete,
      basisId: null, at: '2026-03-30T15:00:00.000Z',
    });
    // 10 business days from Monday 30 March 2026, skipping Holy Thursday and Good Friday (2-3 April).
    expect(review).toMatchObject({ key: 'central-authority-review', dueAt: '2026-04-15T23:59:59.999Z' });
  });

  it('should plan nothing for a stage no rule starts a clock in', async () => {
    expect(
      await activities.planDeadlines({
        caseId: 'c1', stage: 'acknowledged', requestingState: 'HN', requestedState: 'US', draft: complete, basisId: null, at: '2026-03-02T00:00:00Z',
      }),
    ).toEqual([]);
  });

  it('should give an urgent request 3 Honduran business days of central-authority review instead of 10, across Holy Week', async () => {
    const [review] = await activities.planDeadlines({
      caseId: 'c1', stage: 'central_authority_review', requestingState: 'HN', requestedState: 'US', draft: { ...complete, urgent: true },
      basisId: null, at: '2026-03-30T15:00:00.000Z',
    });
    // 31 March, 1 April, then (Holy Thursday and Good Friday skipped, and the weekend) Monday 6 April.
    expect(review).toMatchObject({
      key: 'central-authority-review',
      dueAt: '2026-04-06T23:59:59.999Z',
      remindAt: '2026-04-05T00:00:00.000Z',
      confidence: 'default',
    });
    expect(review.source).toMatch(/Engineering default/);
  });

  it('should make neededBy a deadline of its own, reminded a week before and escalated when it passes, in any stage', async () => {
    const deadlines = await activities.planDeadlines({
      caseId: 'c1', stage: 'acknowledged', requestingState: 'HN', requestedState: 'US', draft: { ...complete, neededBy: '2026-05-31' },
      basisId: null, at: '2026-03-02T00:00:00Z',
    });
    expect(deadlines).toEqual([
      expect.objectContaining({
        key: 'needed-by',
        dueAt: '2026-05-31T23:59:59.999Z',
        remindAt: '2026-05-25T00:00:00.000Z',
        onBreach: 'escalate',
        status: 'pending',
        visibility: 'shared',
      }),
    ]);
    expect(deadlines[0].activeInStages).toEqual(expect.arrayContaining(['draft', 'central_authority_review', 'under_execution']));
    expect(deadlines[0].activeInStages).not.toContain('closed');
  });

  // COMITY_TEST_DEADLINE_SCALE (test only): the same plan, every instant's distance from the
  // stage's entry multiplied by the factor, alerts in the same order.
  it('should compress the formal-request window and its alerts by a test scale, measured from the stage entry', async () => {
    const keep = async () => 'ev';
    const rules = { index: async () => index };
    const twoSecondsADay = 2 / 86_400;
    const scaled = new CaseRulesActivities(rules, { keep }, new DeadlineScale(twoSecondsADay));
    const at = '2026-12-03T10:00:00.000Z';
    const input = {
      caseId: 'c3', kind: 'extradition' as const, stage: 'awaiting_formal_request' as const, requestingState: 'US', requestedState: 'MX',
      draft: { reference: 'EXT-1' }, basisId: null, at,
      events: { 'provisional-arrest': '2026-12-03T06:40:00.000Z', 'provisional-arrest-notified': '2026-12-03T06:40:00.000Z' },
    };
    const [real] = (await activities.planCaseDeadlines(input)).deadlines;
    const [fast] = (await scaled.planCaseDeadlines(input)).deadlines;
    expect(real).toMatchObject({ key: 'formal-request', dueAt: '2027-02-01T23:59:59.999Z', alerts: [expect.any(String), expect.any(String)] });
    const compressed = (iso: string) => Date.parse(at) + Math.round((Date.parse(iso) - Date.parse(at)) * twoSecondsADay);
    expect(Date.parse(fast.dueAt)).toBe(compressed(real.dueAt));
    expect(Date.parse(fast.remindAt!)).toBe(compressed(real.remindAt!));
    expect(fast.alerts!.map(Date.parse)).toEqual(real.alerts!.map(compressed));
    // 60 days and the rest of the arrest's day: about two minutes.
    expect(Date.parse(fast.dueAt) - Date.parse(at)).toBeGreaterThan(120_000);
    expect(Date.parse(fast.dueAt) - Date.parse(at)).toBeLessThan(124_000);
    expect({ ...fast, dueAt: null, remindAt: null, alerts: null }).toEqual({ ...real, dueAt: null, remindAt: null, alerts: null });
  });
});
