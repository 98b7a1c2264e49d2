import type { CaseDeadline, CaseMachine, CaseStage } from '@comity/contracts';
import type { DeadlineOutput, DeadlineTrigger } from '@comity/treaty-rules';
import type { DeadlinePlan, UnconfirmedDeadline } from '../../../../workflows/src/case/case.activities';

// How the deadlines the rules compute become a case's deadlines: the machine of the case's kind
// binds each rules step to the stages where it runs, where it stops, and what its breach does;
// the stage's entry stands for the rules events that start the clocks.

/** The rules events a stage's entry stands for. */
export function triggersOf(machine: CaseMachine, stage: CaseStage): DeadlineTrigger[] {
  return (machine.triggers[stage] ?? []) as DeadlineTrigger[];
}

function label(machine: CaseMachine, step: string): CaseDeadline['onBreach'] {
  const breach = machine.deadlines[step].breach;
  return breach.effect === 'transition' ? (breach.label as CaseDeadline['onBreach']) : breach.effect;
}

/**
 * The deadlines a stage's entry starts, from the rules' computed due instants. With `alerts`,
 * every alert the rules list is kept (the earliest is the first reminder); otherwise only the
 * earliest, as MLA cases planned before the kernel had it. Rules that bind one step twice (a
 * treaty and the requested state's law) give the earlier instant. A period the rules cannot give
 * comes back as unconfirmed, to be shown, never computed.
 */
export function toCaseDeadlines(machine: CaseMachine, stage: CaseStage, outputs: DeadlineOutput[], alerts = true): DeadlinePlan {
  const triggers = triggersOf(machine, stage);
  const deadlines = new Map<string, CaseDeadline>();
  const unconfirmed: UnconfirmedDeadline[] = [];
  for (const d of outputs) {
    const binding = machine.deadlines[d.step];
    if (!binding || !triggers.includes(d.trigger)) continue;
    const source = d.article ? `${d.source} (${d.article})` : d.source;
    if (!d.dueAt) {
      unconfirmed.push({ key: d.step, label: d.text, source, confidence: d.confidence });
      continue;
    }
    const instants = (d.alerts ?? []).map((a) => a.at).sort();
    const deadline: CaseDeadline = {
      key: d.step,
      label: d.text,
      dueAt: d.dueAt,
      remindAt: instants[0] ?? null,
      ...(alerts ? { alerts: instants.slice(1) } : {}),
      onBreach: label(machine, d.step),
      activeInStages: [...binding.activeInStages],
      pausedInStages: [...binding.pausedInStages],
      source,
      confidence: d.confidence,
      unit: d.unit,
      calendarCountry: d.calendarCountry,
      status: 'pending',
      remainingMs: null,
      visibility: binding.visibility,
    };
    const earlier = deadlines.get(d.step);
    if (!earlier || Date.parse(deadline.dueAt) < Date.parse(earlier.dueAt)) deadlines.set(d.step, deadline);
  }
  // A period given by one rule is not unconfirmed because another rule leaves it open.
  return { deadlines: [...deadlines.values()], unconfirmed: unconfirmed.filter((u) => !deadlines.has(u.key)) };
}
