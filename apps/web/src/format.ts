// Dates, numbers and countdowns in the user's language; instants shown in the time zone of the
// jurisdiction that holds the case (a deadline is the holder's to meet), with its abbreviation.

export type Language = 'es' | 'en';

/** The time zone of each state's central authority (the US: the Office of International Affairs, Washington). */
export const TIME_ZONES: Record<string, string> = {
  MX: 'America/Mexico_City',
  US: 'America/New_York',
  GT: 'America/Guatemala',
  HN: 'America/Tegucigalpa',
  SV: 'America/El_Salvador',
};

export function locale(language: Language): string {
  return language === 'es' ? 'es-MX' : 'en-US';
}

export function timeZoneOf(jurisdiction: string | null | undefined): string | undefined {
  return jurisdiction ? TIME_ZONES[jurisdiction] : undefined;
}

/** 28/11/2026, 17:00 CST (es) or 11/28/2026, 5:00 PM EST (en), in the jurisdiction's zone. */
export function formatInstant(iso: string, language: Language, jurisdiction?: string | null): string {
  // (dateStyle and timeStyle cannot be combined with timeZoneName, hence the fields one by one.)
  return new Intl.DateTimeFormat(locale(language), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: timeZoneOf(jurisdiction),
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function formatDay(iso: string, language: Language, jurisdiction?: string | null): string {
  return new Intl.DateTimeFormat(locale(language), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: timeZoneOf(jurisdiction),
  }).format(new Date(iso));
}

export function formatNumber(value: number, language: Language, digits = 0): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits }).format(value);
}

const DAY_MS = 86_400_000;

/**
 * Whole calendar days until an instant (rounded up while it runs: 1 day 2 hours left is 2 days),
 * or since it passed (breached: rounded down, at least 0).
 */
export function daysLeft(dueAt: string, now: number): { breached: boolean; days: number } {
  const diff = Date.parse(dueAt) - now;
  if (diff >= 0) return { breached: false, days: Math.ceil(diff / DAY_MS) };
  return { breached: true, days: Math.floor(-diff / DAY_MS) };
}
