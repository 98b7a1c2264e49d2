import { MLA_STAGES, NEEDED_BY_DEADLINE_KEY, type CaseDeadline, type MlaDraft } from '@comity/contracts';
import { computeDueDate, type HolidayCalendars } from '@comity/treaty-rules';

// Deadlines that come from the request's own priority rather than from a treaty: the date the
// requesting office needs the result by (neededBy), and the shorter internal review periods of
// an urgent request. Both are engineering defaults, not law, and say so in their source.

const DAY_MS = 86_400_000;

/** Review periods an urgent request gets instead of the rules' ordinary ones (business days of the requesting state). */
export const URGENT_REVIEW_PERIODS: Readonly<Record<string, { days: number; remindDaysBefore: number }>> = {
  'central-authority-review': { days: 3, remindDaysBefore: 1 },
};
const URGENT_SOURCE = 'Engineering default (not law): an urgent request is reviewed within 3 business days instead of 10';

/** Days before neededBy that its reminder fires. */
export const NEEDED_BY_REMINDER_DAYS = 7;

/**
 * The neededBy deadline: due at the end of that day (UTC, as treaty deadlines), reminded a week
 * before, escalated when it passes; it runs in every open stage and is visible to both sides
 * (the date travels with the transmitted request).
 */
export function neededByDeadline(draft: Pick<MlaDraft, 'neededBy'>, stages: readonly string[] = MLA_STAGES): CaseDeadline[] {
  if (!draft.neededBy || !/^\d{4}-\d{2}-\d{2}$/.test(draft.neededBy)) return [];
  const dueMs = Date.parse(`${draft.neededBy}T00:00:00Z`) + DAY_MS - 1;
  if (Number.isNaN(dueMs)) return [];
  return [
    {
      key: NEEDED_BY_DEADLINE_KEY,
      label: `Needed by ${draft.neededBy} (the requesting office's date)`,
      dueAt: new Date(dueMs).toISOString(),
      remindAt: new Date(dueMs + 1 - NEEDED_BY_REMINDER_DAYS * DAY_MS).toISOString(),
      onBreach: 'escalate',
      activeInStages: stages.filter((s) => s !== 'closed'),
      pausedInStages: [],
      source: "The request's neededBy date, set by the requesting office",
      confidence: 'default',
      status: 'pending',
      remainingMs: null,
      visibility: 'shared',
    },
  ];
}

/** An urgent request's review deadlines, shortened; the others as planned. */
export function shortenForUrgency(
  planned: CaseDeadline[],
  urgent: boolean | undefined,
  stageEnteredAt: string,
  requestingState: string,
  calendars: HolidayCalendars,
): CaseDeadline[] {
  if (!urgent) return planned;
  return planned.map((d) => {
    const period = URGENT_REVIEW_PERIODS[d.key];
    if (!period) return d;
    const due = computeDueDate({ from: stageEnteredAt, days: period.days, unit: 'business', country: requestingState, calendars });
    if (!due.dueAt) return d;
    const remind = Date.parse(due.dueAt) + 1 - (period.remindDaysBefore + 1) * DAY_MS;
    return { ...d, dueAt: due.dueAt, remindAt: new Date(remind).toISOString(), source: URGENT_SOURCE, confidence: 'default' };
  });
}
