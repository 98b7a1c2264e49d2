import type { CaseDeadline } from '@comity/contracts';
import { DeadlineScale } from './deadline-scale';

const deadline = (over: Partial<CaseDeadline>): CaseDeadline => ({
  key: 'formal-request',
  label: 'formal request',
  dueAt: '2026-12-11T00:00:00.000Z',
  remindAt: '2026-12-06T00:00:00.000Z',
  onBreach: 'prompt-decision',
  activeInStages: ['awaiting_formal_request'],
  pausedInStages: [],
  source: 'treaty',
  confidence: 'high',
  status: 'pending',
  remainingMs: null,
  ...over,
});

describe('DeadlineScale', () => {
  const from = '2026-12-01T00:00:00.000Z';

  it('should leave the plan as the rules made it by default', () => {
    const plan = { deadlines: [deadline({ alerts: ['2026-12-08T00:00:00.000Z'] })], unconfirmed: [] };
    expect(new DeadlineScale().apply(plan, from)).toBe(plan);
  });

  it('should move every instant to its distance from the stage entry times the factor', () => {
    const tenthOfADay = new DeadlineScale(0.1);
    const [scaled] = tenthOfADay.apply(
      { deadlines: [deadline({ alerts: ['2026-12-08T00:00:00.000Z', '2026-12-10T00:00:00.000Z'] })], unconfirmed: [] },
      from,
    ).deadlines;
    // 10, 5, 7 and 9 days after the entry become 1, 0.5, 0.7 and 0.9 days.
    expect(scaled).toMatchObject({
      dueAt: '2026-12-02T00:00:00.000Z',
      remindAt: '2026-12-01T12:00:00.000Z',
      alerts: ['2026-12-01T16:48:00.000Z', '2026-12-01T21:36:00.000Z'],
      key: 'formal-request',
      status: 'pending',
    });
  });

  it('should keep a deadline without reminder or alert list without them', () => {
    const [scaled] = new DeadlineScale(0.5).apply({ deadlines: [deadline({ remindAt: null })], unconfirmed: [] }, from).deadlines;
    expect(scaled.remindAt).toBeNull();
    expect(scaled).not.toHaveProperty('alerts');
    expect(scaled.dueAt).toBe('2026-12-06T00:00:00.000Z');
  });
});
