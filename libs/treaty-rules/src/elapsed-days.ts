import type { HolidayCalendars } from './calendars';
import { dayNumberOf } from './dates';

/** Whole days from one instant to another: calendar days, and business days of `country`. */
export interface ElapsedDays {
  calendarDays: number;
  businessDays: number;
}

/**
 * Days are counted as deadlines count them (libs/treaty-rules computeDueDate): on UTC calendar
 * days, day 1 being the day after the start; a business day is a day that is neither a weekend
 * nor a holiday of `country`.
 */
export function elapsedDays(from: string | Date, to: string | Date, country: string, calendars: HolidayCalendars): ElapsedDays {
  const first = dayNumberOf(from);
  const last = dayNumberOf(to);
  let businessDays = 0;
  for (let day = first + 1; day <= last; day++) {
    if (calendars.isBusinessDay(country, day)) businessDays++;
  }
  return { calendarDays: Math.max(0, last - first), businessDays };
}

