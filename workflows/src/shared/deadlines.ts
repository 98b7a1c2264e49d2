import type { CaseDeadline, CaseStage } from '../../../libs/contracts/src';

// Pure bookkeeping of deadlines on a stage change; the instants themselves come from activities.

/** Drops deadlines the new stage meets, stops or restarts clocks, and adds newly planned ones. */
export function deadlinesForStage(
  current: CaseDeadline[],
  planned: CaseDeadline[],
  stage: CaseStage,
  nowMs: number,
): CaseDeadline[] {
  const kept: CaseDeadline[] = [];
  for (const d of current) {
    if (d.pausedInStages.includes(stage)) {
      kept.push(
        d.status === 'paused'
          ? d
          : { ...d, status: 'paused', remainingMs: Math.max(0, Date.parse(d.dueAt) - nowMs) },
      );
    } else if (d.activeInStages.includes(stage)) {
      kept.push(d.status === 'paused' ? resume(d, nowMs) : d);
    }
  }
  const keys = new Set(kept.map((d) => d.key));
  return [...kept, ...planned.filter((d) => !keys.has(d.key))];
}

function resume(d: CaseDeadline, nowMs: number): CaseDeadline {
  const remaining = d.remainingMs ?? 0;
  const lead = d.remindAt ? Date.parse(d.dueAt) - Date.parse(d.remindAt) : null;
  const dueMs = nowMs + remaining;
  return {
    ...d,
    status: 'pending',
    remainingMs: null,
    dueAt: new Date(dueMs).toISOString(),
    remindAt: lead === null ? null : new Date(dueMs - lead).toISOString(),
    ...shiftedAlerts(d, dueMs),
  };
}

// Later alerts keep their distance from the due instant when it moves.
function shiftedAlerts(d: CaseDeadline, dueMs: number): Pick<CaseDeadline, 'alerts'> | Record<string, never> {
  if (d.alerts === undefined) return {};
  const delta = dueMs - Date.parse(d.dueAt);
  return { alerts: d.alerts.map((a) => new Date(Date.parse(a) + delta).toISOString()) };
}

/** The next instant at which a reminder or a breach falls due, or null when none is pending. */
export function nextDeadlineInstant(deadlines: CaseDeadline[]): number | null {
  let next: number | null = null;
  for (const d of deadlines) {
    const at =
      d.status === 'pending' && d.remindAt
        ? Date.parse(d.remindAt)
        : d.status === 'pending' || d.status === 'reminded'
          ? Date.parse(d.dueAt)
          : null;
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}

/** A deadline moved by a supervisor: its timer is re-armed from the new instant. */
export function extendDeadline(d: CaseDeadline, newDueAt: string): CaseDeadline {
  const lead = d.remindAt ? Date.parse(d.dueAt) - Date.parse(d.remindAt) : null;
  const dueMs = Date.parse(newDueAt);
  const paused = d.status === 'paused';
  return {
    ...d,
    dueAt: new Date(dueMs).toISOString(),
    remindAt: lead === null ? null : new Date(dueMs - lead).toISOString(),
    status: paused ? 'paused' : 'pending',
    remainingMs: paused ? Math.max(0, dueMs - Date.now()) : null,
    ...shiftedAlerts(d, dueMs),
  };
}
