import type { EntityManager } from 'typeorm';
import type { CaseDeadline, CaseTransition } from '@comity/contracts';
import { holderClassOf, isLegalClock, stageRollupInsert, type HolderClass } from '@comity/persistence';
import { elapsedDays, type HolidayCalendars } from '@comity/treaty-rules';

// UTC day numbers, as libs/treaty-rules counts days.
function dayNumberOf(value: string | Date): number {
  return Math.floor(new Date(value).getTime() / 86_400_000);
}

// Delay accounting of the read model, written by the projection in the transaction of each
// transition: for every step, when it was entered and left, when it was due and whether it was
// breached, which kind of holder held it, the intervals when its clock was stopped, and its
// length in calendar days and in business days of the holder's calendar. The step that entered
// a stage also carries the whole visit of that stage once it is left (the unit of the stage
// reports), and the visit is added to the stage_duration_rollup histogram.

/** An interval during which a step's clock was stopped; `to` is absent while it still is. */
export interface ClockStop {
  from: string;
  to?: string;
}

/** Stages in which a request waits on a supplementary-information round (any kind). */
const SUPPLEMENTARY_STAGES = new Set(['supplementary_information']);

/** The columns a new step is inserted with. */
export function newStepColumns(
  kind: string,
  t: CaseTransition,
  transmitted: boolean,
): { holderClass: HolderClass | null; reportVisibility: 'requesting' | 'shared'; clockStops: ClockStop[] } {
  return {
    holderClass: holderClassOf(kind, t.toStage, t.holder),
    // Before transmission a case is the requesting side's alone; from then on its stages are
    // known to both sides (each sees the other's stage), so their durations are too.
    reportVisibility: transmitted || t.action === 'transmit' ? 'shared' : 'requesting',
    // A deadline paused in this stage: the step is an interval during which the clock stands.
    clockStops: t.deadlines.some((d) => d.status === 'paused') ? [{ from: t.at }] : [],
  };
}

/** The case columns of a transition that delay accounting and the queues read. */
export function caseColumns(kind: string, t: CaseTransition): {
  holderClass: HolderClass | null;
  legalDueAt: string | null;
  newRound: boolean;
} {
  return {
    holderClass: holderClassOf(kind, t.toStage, t.holder),
    legalDueAt: earliestLegalDue(t.deadlines),
    newRound: SUPPLEMENTARY_STAGES.has(t.toStage) && t.fromStage !== t.toStage,
  };
}

function earliestLegalDue(deadlines: CaseDeadline[]): string | null {
  const running = deadlines
    .filter((d) => isLegalClock(d.key) && (d.status === 'pending' || d.status === 'reminded'))
    .map((d) => d.dueAt)
    .sort();
  return running[0] ?? null;
}

interface OpenStep {
  seq: number;
  at: Date;
  due_at: Date | null;
  holder_jurisdiction: string | null;
  clock_stops: ClockStop[];
}

/**
 * Closes the steps a transition leaves (every open step before it; sequence numbers may have
 * gaps) and, when the stage changes, the visit of the stage it leaves, which also goes to the
 * rollup. Runs in the projection's transaction, after the new step was inserted.
 */
export async function closeSteps(em: EntityManager, t: CaseTransition, calendars: HolidayCalendars): Promise<void> {
  const open: OpenStep[] = await em.query(
    `SELECT seq, at, due_at, holder_jurisdiction, clock_stops FROM case_steps
     WHERE case_id = $1 AND seq < $2 AND left_at IS NULL`,
    [t.caseId, t.seq],
  );
  for (const s of open) {
    const days = elapsedDays(s.at, t.at, s.holder_jurisdiction ?? t.requestingState, calendars);
    const stops = s.clock_stops.map((c) => ({ from: c.from, to: c.to ?? t.at }));
    const stoppedDays = stops.reduce((sum, c) => sum + Math.max(0, dayNumberOf(c.to) - dayNumberOf(c.from)), 0);
    await em.query(
      `UPDATE case_steps SET left_at = $3, calendar_days = $4, business_days = $5, clock_stops = $6::jsonb,
              stopped_days = $7, breached = (due_at IS NOT NULL AND due_at < $3::timestamptz)
       WHERE case_id = $1 AND seq = $2`,
      [t.caseId, s.seq, t.at, days.calendarDays, days.businessDays, JSON.stringify(stops), stoppedDays],
    );
  }
  if (t.fromStage === null || t.fromStage === t.toStage) return;
  // The visit of the stage being left began at the last step that entered a stage.
  const [entry]: { seq: number; at: Date; holder_jurisdiction: string | null }[] = await em.query(
    `SELECT seq, at, holder_jurisdiction FROM case_steps
     WHERE case_id = $1 AND seq < $2 AND from_stage IS DISTINCT FROM to_stage AND stage_left_at IS NULL
     ORDER BY seq DESC LIMIT 1`,
    [t.caseId, t.seq],
  );
  if (!entry) return;
  const visit = elapsedDays(entry.at, t.at, entry.holder_jurisdiction ?? t.requestingState, calendars);
  await em.query(
    `UPDATE case_steps SET stage_left_at = $3, stage_calendar_days = $4, stage_business_days = $5
     WHERE case_id = $1 AND seq = $2`,
    [t.caseId, entry.seq, t.at, visit.calendarDays, visit.businessDays],
  );
  await em.query(stageRollupInsert(`s.case_id = $1 AND s.seq = $2`), [t.caseId, entry.seq]);
}
