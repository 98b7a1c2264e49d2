import type { CaseDeadline } from '@comity/contracts';
import type { DeadlinePlan } from '../../../../workflows/src/case/case.activities';

/**
 * Test only (COMITY_TEST_DEADLINE_SCALE, refused in production): the factor by which every period
 * the worker plans is multiplied, so a benchmark sees a 60-day window and its alerts fall due
 * within minutes. The plan is an activity's result, recorded in history: workflows run the same
 * commands with or without it. Factor 1 is normal operation.
 */
export class DeadlineScale {
  constructor(readonly factor: number = 1) {}

  /** The plan with each instant moved to `from` plus its distance from `from` times the factor. */
  apply(plan: DeadlinePlan, from: string): DeadlinePlan {
    if (this.factor === 1) return plan;
    const origin = Date.parse(from);
    const scaled = (iso: string) => new Date(origin + Math.round((Date.parse(iso) - origin) * this.factor)).toISOString();
    const deadline = (d: CaseDeadline): CaseDeadline => ({
      ...d,
      dueAt: scaled(d.dueAt),
      remindAt: d.remindAt === null ? null : scaled(d.remindAt),
      ...(d.alerts === undefined ? {} : { alerts: d.alerts.map(scaled) }),
    });
    return { ...plan, deadlines: plan.deadlines.map(deadline) };
  }
}
