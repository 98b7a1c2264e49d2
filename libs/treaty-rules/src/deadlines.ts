import type { HolidayCalendars, HolidayEntry } from './calendars';
import { addMonths, dayNumberOf, endOfDayInstant, isoFromDayNumber, toInstant } from './dates';
import type { RulesIndex } from './rules-index';
import type {
  BasisCandidate,
  ClockStop,
  DeadlineOutput,
  DeadlineRule,
  DraftRequest,
  IsoDate,
  Sourced,
} from './types';
import { alertPolicy, deadlinePolicy, type PolicyOwner } from './policies';
import { natureOf, provenance, WarningCollector } from './provenance';
import type { PolicyItem } from './types';

// A period longer than this is a data error, not a deadline; stops runaway loops.
const MAX_SPAN_DAYS = 366 * 5;

export interface DueDateInput {
  /** The event instant (arrest, notification, grant …). */
  from: Date | string;
  days?: number;
  months?: number;
  /** Days are calendar or business days of `country`; months are always calendar months. */
  unit: 'calendar' | 'business';
  country: string;
  calendars: HolidayCalendars;
  /** Day 1 is the day after the event (default) or the first business day after it. */
  start?: 'day-after-event' | 'next-business-day';
  /** Holiday scopes of the calendar, e.g. ['general', 'public-sector']; default ['general']. */
  scopes?: readonly string[];
  /** Authority closures (judicial vacations): not business days. */
  closures?: readonly { from: string; to: string }[];
  /** Periods during which the clock is stopped; an open stop (no `to`) stops it indefinitely. */
  pauses?: readonly ClockStop[];
}

export interface DueDate {
  /** Absent while the clock is stopped. */
  dueDate?: IsoDate;
  /** End of the due day, UTC: the conservative instant for a hard deadline. */
  dueAt?: string;
  startDate: IsoDate;
  stoppedSince?: IsoDate;
  pausedDays: number;
  /** Holidays and closures that moved the start or were not counted. */
  skipped: HolidayEntry[];
}

export function computeDueDate(input: DueDateInput): DueDate {
  const { calendars, country, scopes } = input;
  const event = dayNumberOf(input.from);
  const skipped: HolidayEntry[] = [];
  const closures = (input.closures ?? []).map((c) => [dayNumberOf(c.from), dayNumberOf(c.to)] as const);
  const pauses = (input.pauses ?? []).map((p) => [dayNumberOf(p.from), p.to ? dayNumberOf(p.to) : Infinity] as const);
  const isPaused = (day: number) => pauses.some(([from, to]) => day >= from && day < to);
  const openStop = pauses.find(([, to]) => to === Infinity);

  const isBusiness = (day: number, record: boolean) => {
    if (calendars.isWeekend(country, day)) return false;
    const closure = closures.find(([from, to]) => day >= from && day <= to);
    const holiday = calendars.holidayOn(country, day, scopes) ?? (closure ? closureEntry(day) : undefined);
    if (holiday && record) skipped.push(holiday);
    return !holiday;
  };

  let first = event + 1;
  if (input.start === 'next-business-day') {
    while (!isBusiness(first, true) && first - event < MAX_SPAN_DAYS) first += 1;
  }

  let due: number;
  let pausedDays = 0;
  if (input.months !== undefined) {
    due = addMonths(first - 1, input.months);
    // Months are extended day for day by any stop that falls inside the period.
    for (let day = first; day <= due && day - first < MAX_SPAN_DAYS; day++) {
      if (isPaused(day)) {
        pausedDays++;
        due++;
      }
    }
  } else {
    const target = input.days ?? 0;
    let counted = 0;
    due = first - 1;
    while (counted < target && due - first < MAX_SPAN_DAYS) {
      due += 1;
      if (isPaused(due)) {
        pausedDays++;
        continue;
      }
      if (input.unit === 'business' && !isBusiness(due, true)) continue;
      counted++;
    }
  }

  const base = { startDate: isoFromDayNumber(first), pausedDays, skipped };
  if (openStop && openStop[0] <= due) return { ...base, stoppedSince: isoFromDayNumber(openStop[0]) };
  return { ...base, dueDate: isoFromDayNumber(due), dueAt: endOfDayInstant(due) };
}

function closureEntry(day: number): HolidayEntry {
  return { date: isoFromDayNumber(day), name: 'Authority closure', ruleId: 'authority:closure', source: 'Closure configured for the authority by an administrator', confidence: 'default' };
}

// Deadlines set by law, and the platform's or the authority's own targets (policy: the period
// comes from the owner's settings). `policies` collects the policy items the answer used.
export function deadlinesFor(
  draft: DraftRequest,
  basis: BasisCandidate | null,
  index: RulesIndex,
  now: Date | string,
  warnings: WarningCollector,
  owner: PolicyOwner = { authority: null, settings: new Map() },
  policies: PolicyItem[] = [],
): DeadlineOutput[] {
  const instrument = basis ? index.instruments.get(basis.instrumentId) : undefined;
  const requested = index.jurisdictions.get(draft.requestedState);
  const defaults = index.data.instruments.defaults;
  const rules: DeadlineRule[] = [
    ...(instrument?.deadlines ?? []),
    ...(requested?.deadlines ?? []),
    ...defaults.deadlines.filter((r) => !r.tiers || (basis !== null && r.tiers.includes(basis.kind))),
  ].filter((r) => r.kinds.includes(draft.kind));

  const contiguity = index.contiguity(draft.requestingState, draft.requestedState);
  return rules.map((rule) => {
    // An urgent request's period replaces the rule's, and an authority's own setting of the
    // ordinary period with it: urgency shortens whatever the authority would otherwise allow.
    const urgent = draft.urgent ? rule.variants?.find((v) => v.when === 'urgent') : undefined;
    const variant = urgent ?? (contiguity ? rule.variants?.find((v) => v.when === 'contiguous') : undefined);
    const fact: Sourced = variant ?? rule;
    const nature = natureOf(fact.confidence);
    const policy = nature === 'policy' && !urgent ? deadlinePolicy(owner, rule) : undefined;
    if (policy) policies.push(policy.item);
    const amount = policy ? policy.amount : (variant?.amount ?? rule.amount);
    const unit = policy ? policy.unit : (variant?.unit ?? rule.unit);
    const calendarCountry = rule.calendar === 'requested' ? draft.requestedState : draft.requestingState;
    const start = rule.start ?? 'day-after-event';
    const text = variant ? `${rule.text}. ${variant.text}` : rule.text;
    noteRuleWarnings(rule, variant?.when === 'contiguous' ? contiguity : undefined, fact, amount, warnings);

    const out: DeadlineOutput = {
      ruleId: rule.id,
      step: rule.step,
      trigger: rule.trigger,
      days: unit === 'months' ? null : amount,
      ...(unit === 'months' && amount !== null ? { months: amount } : {}),
      unit: unit === 'business' ? 'business' : 'calendar',
      calendarCountry,
      start,
      text,
      ...provenance(policy ? { ...fact, source: policy.item.source } : fact),
      nature,
    };
    const eventAt = draft.events?.[rule.trigger];
    if (eventAt === undefined || amount === null) return out;

    const due = computeDueDate({
      from: eventAt,
      ...(unit === 'months' ? { months: amount } : { days: amount }),
      unit: out.unit,
      country: calendarCountry,
      calendars: index.calendars,
      start,
      ...(rule.stopsOn?.length ? { pauses: draft.clockStops ?? [] } : {}),
    });
    for (const h of due.skipped) {
      if (nature === 'law') {
        warnings.note(h.ruleId, `Business-day count for ${rule.id} relies on ${h.name} (${h.date}) in ${calendarCountry}: ${h.source}`, h.confidence, 'deadline', h);
      }
    }
    if (!due.dueDate || !due.dueAt) return { ...out, ...(due.stoppedSince ? { text: `${text} (clock stopped since ${due.stoppedSince})` } : {}) };
    const alertDays =
      variant?.daysBefore ??
      defaults.alerts
        .filter((a) => a.step === rule.step)
        .flatMap((a) => {
          policies.push(alertPolicy(owner, a.id ?? `defaults:alerts:${a.step}`, `${a.text}: ${a.daysBefore.join(', ')} days before`, a.source));
          return a.daysBefore;
        });
    const alerts = alertDays.map((n) => ({ daysBefore: n, at: `${isoFromDayNumber(dayNumberOf(due.dueDate!) - n)}T00:00:00.000Z` }));
    return {
      ...out,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      overdue: toInstant(now).getTime() > Date.parse(due.dueAt),
      ...(alerts.length ? { alerts } : {}),
    };
  });
}

function noteRuleWarnings(
  rule: DeadlineRule,
  contiguity: Sourced | undefined,
  fact: Sourced,
  amount: number | null,
  warnings: WarningCollector,
): void {
  if (natureOf(fact.confidence) === 'policy') return;
  warnings.note(rule.id, `Deadline '${rule.step}': ${rule.text}`, fact.confidence, 'deadline', fact);
  if (contiguity) warnings.note(`${rule.id}:contiguity`, 'Contiguity of the two states', contiguity.confidence, 'deadline', contiguity);
  if (rule.unitConfidence) {
    warnings.note(`${rule.id}:unit`, `Whether '${rule.step}' counts ${rule.unit} days is not established`, rule.unitConfidence, 'deadline', rule);
  }
  if (amount === null) {
    warnings.note(`${rule.id}:period`, `Deadline '${rule.step}': period not known — ${rule.text}`, 'unconfirmed', 'deadline', rule);
  }
}

/** Calendar settings of one authority: its country, holiday scopes and configured closures. */
export function authorityCalendar(index: RulesIndex, authorityId: string): Pick<DueDateInput, 'country' | 'scopes' | 'closures'> | undefined {
  for (const authorities of index.authoritiesByJurisdiction.values()) {
    const authority = authorities.find((a) => a.id === authorityId);
    if (authority) {
      return {
        country: authority.jurisdiction,
        ...(authority.calendarScopes ? { scopes: authority.calendarScopes } : {}),
        closures: authority.closures ?? [],
      };
    }
  }
  return undefined;
}
