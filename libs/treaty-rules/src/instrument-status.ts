import { isoDateOf } from './dates';
import type { Confidence, Instrument, InstrumentStatus, IsoDate, Party, StatusPeriod } from './types';

export interface StatusAt {
  status: InstrumentStatus | 'not-yet-in-force';
  /** True when the instrument can serve as a legal basis at that date. */
  usable: boolean;
  period?: StatusPeriod;
  ruleId: string;
  source: string;
  article?: string;
  url?: string;
  confidence: Confidence;
  message: string;
}

// Statuses under which the instrument still binds the parties on that date.
const USABLE: ReadonlySet<InstrumentStatus> = new Set(['in-force', 'denunciation-pending']);

export function instrumentStatusAt(instrument: Instrument, date: Date | string): StatusAt {
  const day = isoDateOf(date);
  const index = instrument.status.findIndex((p) => (p.from === null || p.from <= day) && (!p.to || day < p.to));
  const period = instrument.status[index];
  if (!period) {
    const first = instrument.status[0];
    return {
      status: 'not-yet-in-force',
      usable: false,
      ruleId: `${instrument.id}:status`,
      source: first?.source ?? instrument.source,
      ...((first?.url ?? instrument.url) ? { url: first?.url ?? instrument.url } : {}),
      confidence: first?.confidence ?? instrument.confidence,
      message: `${instrument.shortName} has no recorded status on ${day}${first?.from ? ` (first status from ${first.from})` : ''}`,
    };
  }
  return {
    status: period.status,
    usable: USABLE.has(period.status),
    period,
    ruleId: period.id ?? `${instrument.id}:status[${index}]`,
    source: period.source,
    ...(period.article ? { article: period.article } : {}),
    ...(period.url ? { url: period.url } : {}),
    confidence: period.confidence,
    message: describePeriod(instrument, period, day),
  };
}

function describePeriod(instrument: Instrument, period: StatusPeriod, day: IsoDate): string {
  const since = period.from ? ` since ${period.from}` : '';
  const until = period.to ? ` until ${period.to}` : '';
  const detail = period.text ? `: ${period.text}` : '';
  switch (period.status) {
    case 'denunciation-pending':
      return `${instrument.shortName} is in force on ${day} but denounced${since}, taking effect ${period.effectiveOn ?? 'on a date not recorded'}${detail}`;
    case 'unknown':
      return `Status of ${instrument.shortName} on ${day} is not established${detail}`;
    default:
      return `${instrument.shortName} is ${period.status}${since}${until}${detail}`;
  }
}

export function partyAt(instrument: Instrument, state: string, date: Date | string): Party | undefined {
  const day = isoDateOf(date);
  return instrument.parties.find(
    (p) => p.state === state && (p.from === null || p.from <= day) && (!p.until || day < p.until),
  );
}

export function isListedParty(instrument: Instrument, state: string): Party | undefined {
  return instrument.parties.find((p) => p.state === state);
}
