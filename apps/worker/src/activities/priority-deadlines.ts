import { MLA_STAGES, NEEDED_BY_DEADLINE_KEY, type CaseDeadline, type MlaDraft } from '@comity/contracts';

// The deadline that comes from the request's own priority rather than from a treaty: the date the
// requesting office needs the result by (neededBy), an engineering default that says so in its
// source. (An urgent request's shorter review periods are rules data: the `urgent` variants of
// the default deadlines in libs/treaty-rules/data/instruments.json.)

const DAY_MS = 86_400_000;

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
      unit: 'calendar',
      status: 'pending',
      remainingMs: null,
      visibility: 'shared',
    },
  ];
}
