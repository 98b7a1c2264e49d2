import Holidays from 'date-holidays';
import {
  dayNumberFromParts,
  easterSunday,
  isoFromDayNumber,
  weekdayOf,
  yearOf,
} from './dates';
import type {
  Confidence,
  HolidayCorrection,
  HolidayCountry,
  HolidayRule,
  HolidaysFile,
  IsoDate,
  JurisdictionsFile,
  Sourced,
} from './types';

export const GENERAL_SCOPE = 'general';
const DEFAULT_SCOPES: readonly string[] = [GENERAL_SCOPE];

export interface HolidayEntry {
  date: IsoDate;
  name: string;
  ruleId: string;
  source: string;
  article?: string;
  confidence: Confidence;
}

export interface HolidayCalendars {
  readonly version: string;
  knows(country: string): boolean;
  isWeekend(country: string, day: number): boolean;
  /** The holiday (not weekend) on that UTC day, if any. */
  holidayOn(country: string, day: number, scopes?: readonly string[]): HolidayEntry | undefined;
  isBusinessDay(country: string, day: number, scopes?: readonly string[]): boolean;
  holidaysIn(country: string, year: number, scopes?: readonly string[]): HolidayEntry[];
}

type YearTable = Map<number, HolidayEntry>;

// Holiday tables are built lazily per country-year-scopes and memoised: date-holidays is far too
// slow to call on every evaluation, and the tables never change for a given data version.
export function createHolidayCalendars(file: HolidaysFile): HolidayCalendars {
  const countries = new Map(file.countries.map((c) => [c.country, c]));
  const libraries = new Map<string, Holidays | null>();
  const tables = new Map<string, YearTable>();

  const libraryFor = (country: HolidayCountry): Holidays | null => {
    if (!country.library) return null;
    let lib = libraries.get(country.country);
    if (lib === undefined) {
      const code = country.library.country;
      // An unknown country yields an empty calendar silently, so check support explicitly.
      lib = code in new Holidays().getCountries() ? new Holidays(code) : null;
      libraries.set(country.country, lib);
    }
    return lib;
  };

  const tableFor = (code: string, year: number, scopes: readonly string[]): YearTable => {
    const key = `${code}|${year}|${scopes.join(',')}`;
    let table = tables.get(key);
    if (!table) {
      const country = countries.get(code);
      table = country ? buildYearTable(country, year, scopes, libraryFor(country), file) : new Map();
      tables.set(key, table);
    }
    return table;
  };

  const weekendOf = (code: string): readonly number[] => countries.get(code)?.weekend.days ?? [0, 6];

  const calendars: HolidayCalendars = {
    version: file.version,
    knows: (country) => countries.has(country),
    isWeekend: (country, day) => weekendOf(country).includes(weekdayOf(day)),
    holidayOn: (country, day, scopes = DEFAULT_SCOPES) => tableFor(country, yearOf(day), scopes).get(day),
    isBusinessDay: (country, day, scopes = DEFAULT_SCOPES) =>
      !calendars.isWeekend(country, day) && !tableFor(country, yearOf(day), scopes).has(day),
    holidaysIn: (country, year, scopes = DEFAULT_SCOPES) =>
      [...tableFor(country, year, scopes).entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry),
  };
  return calendars;
}

function buildYearTable(
  country: HolidayCountry,
  year: number,
  scopes: readonly string[],
  lib: Holidays | null,
  file: HolidaysFile,
): YearTable {
  const table: YearTable = new Map();
  if (lib && country.library) {
    const libraryFact: Sourced = country.verified ?? {
      source: `date-holidays ${file.library?.version ?? ''}`.trim(),
      confidence: 'unconfirmed',
    };
    for (const h of lib.getHolidays(year)) {
      if (!country.library.types.includes(h.type)) continue;
      const isPartialDay = !h.date.endsWith('00:00:00');
      if (isPartialDay && file.halfDayPolicy.policy === 'business-day') continue;
      const day = isoToDay(h.date.slice(0, 10));
      if (yearOf(day) !== year) continue;
      table.set(day, entry(day, h.name, `holidays:${country.country}:library`, libraryFact));
    }
  }
  country.corrections.forEach((correction, i) => {
    if (!inYears(correction, year) || !scopes.includes(correction.scope ?? GENERAL_SCOPE)) return;
    const ruleId = correction.id ?? `holidays:${country.country}:corrections[${i}]`;
    for (const day of daysOf(correction.rule, year)) {
      if (correction.op === 'remove') table.delete(day);
      else table.set(day, entry(day, correction.name, ruleId, correction));
    }
  });
  return table;
}

function entry(day: number, name: string, ruleId: string, fact: Sourced): HolidayEntry {
  return {
    date: isoFromDayNumber(day),
    name,
    ruleId,
    source: fact.source,
    ...(fact.article ? { article: fact.article } : {}),
    confidence: fact.confidence,
  };
}

function inYears(correction: HolidayCorrection, year: number): boolean {
  const { from, to } = correction.years ?? {};
  return (from === undefined || year >= from) && (to === undefined || year <= to);
}

function isoToDay(iso: string): number {
  return dayNumberFromParts(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

export function daysOf(rule: HolidayRule, year: number): number[] {
  switch (rule.type) {
    case 'fixed': {
      const day = dayNumberFromParts(year, rule.month, rule.day);
      if (rule.move !== 'following-monday') return [day];
      const shift = (8 - weekdayOf(day)) % 7;
      return [day + shift];
    }
    case 'fixed-list':
      return rule.dates.map((d) => dayNumberFromParts(year, d.month, d.day));
    case 'easter': {
      const easter = easterSunday(year);
      return rule.offsets.map((o) => easter + o);
    }
    case 'nth-weekday': {
      const first = nthWeekday(year, rule.month, rule.weekday, rule.nth);
      return Array.from({ length: rule.days ?? 1 }, (_, i) => first + i);
    }
    case 'range': {
      const span = (fromYear: number, toYear: number) => {
        const start = dayNumberFromParts(fromYear, rule.from.month, rule.from.day);
        const end = dayNumberFromParts(toYear, rule.to.month, rule.to.day);
        return Array.from({ length: end - start + 1 }, (_, i) => start + i);
      };
      const wraps = rule.to.month * 100 + rule.to.day < rule.from.month * 100 + rule.from.day;
      const days = wraps ? [...span(year - 1, year), ...span(year, year + 1)] : span(year, year);
      return days.filter((d) => yearOf(d) === year);
    }
    case 'every-n-years':
      return year >= rule.baseYear && (year - rule.baseYear) % rule.every === 0
        ? [dayNumberFromParts(year, rule.month, rule.day)]
        : [];
  }
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  if (nth > 0) {
    const first = dayNumberFromParts(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7;
  }
  const last = dayNumberFromParts(year, month + 1, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7) + (nth + 1) * 7;
}

export function holidayCountriesMissing(holidays: HolidaysFile, jurisdictions: JurisdictionsFile): string[] {
  const known = new Set(holidays.countries.map((c) => c.country));
  return jurisdictions.jurisdictions.map((j) => j.code).filter((code) => !known.has(code));
}
