import { elapsedDays } from './elapsed-days';
import { loadBundledRulesData } from './load-bundled-data';
import { buildRulesIndex } from './rules-index';

describe('elapsedDays', () => {
  const { calendars } = buildRulesIndex(loadBundledRulesData());

  it('should count calendar days as day numbers and business days of the holder country, skipping its holidays', () => {
    // Monday 30 March to Monday 6 April 2026 in Honduras: 31 Mar, 1 Apr, (2-3 Apr Holy Thursday and
    // Good Friday, 4-5 weekend) 6 Apr.
    expect(elapsedDays('2026-03-30T15:00:00Z', '2026-04-06T09:00:00Z', 'HN', calendars)).toEqual({ calendarDays: 7, businessDays: 3 });
    // The same week in the United States has no holiday: five business days.
    expect(elapsedDays('2026-03-30T15:00:00Z', '2026-04-06T09:00:00Z', 'US', calendars)).toEqual({ calendarDays: 7, businessDays: 5 });
  });

  it('should count nothing within one day', () => {
    expect(elapsedDays('2026-03-30T01:00:00Z', '2026-03-30T23:00:00Z', 'HN', calendars)).toEqual({ calendarDays: 0, businessDays: 0 });
  });
});
