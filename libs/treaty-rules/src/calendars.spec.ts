import { createHolidayCalendars, daysOf } from './calendars';
import { dayNumberOf, isoFromDayNumber } from './dates';
import { bundledData, bundledIndex } from './spec-fixtures';

const { calendars } = bundledIndex;
const isHoliday = (country: string, date: string, scopes?: string[]) =>
  calendars.holidayOn(country, dayNumberOf(date), scopes) !== undefined;

describe('holiday calendars: date-holidays 3.37.0 plus the corrections in holidays-corrections.json', () => {
  it.each([
    // US, 5 U.S.C. § 6103: the 11 federal holidays with Saturday→Friday / Sunday→Monday observance
    { country: 'US', date: '2025-11-27', holiday: true, why: '5 U.S.C. § 6103 Thanksgiving (4th Thursday of November)' },
    { country: 'US', date: '2025-11-28', holiday: false, why: '5 U.S.C. § 6103 day after Thanksgiving is not federal' },
    { country: 'US', date: '2026-07-03', holiday: true, why: '5 U.S.C. § 6103 Saturday 4 July observed on Friday' },
    { country: 'US', date: '2025-06-19', holiday: true, why: '5 U.S.C. § 6103 Juneteenth' },
    // MX, LFT art. 74
    { country: 'MX', date: '2025-02-03', holiday: true, why: 'LFT art. 74 first Monday of February' },
    { country: 'MX', date: '2025-04-17', holiday: false, why: 'LFT art. 74 Holy Thursday is not a statutory rest day' },
    { country: 'MX', date: '2024-10-01', holiday: true, why: 'LFT art. 74 change of Executive on 1 October (correction) [S]' },
    { country: 'MX', date: '2030-10-01', holiday: true, why: 'LFT art. 74 change of Executive every 6 years [S]' },
    { country: 'MX', date: '2024-12-01', holiday: false, why: 'LFT art. 74 1 December no longer used from 2024 [S]' },
    // GT, Código de Trabajo art. 127
    { country: 'GT', date: '2025-04-19', holiday: true, why: 'Código de Trabajo art. 127 Holy Saturday' },
    { country: 'GT', date: '2026-06-29', holiday: true, why: 'Decreto 19-2018 moves 30 June to Monday [S]' },
    { country: 'GT', date: '2025-12-24', holiday: false, why: 'Código de Trabajo art. 127 24 December afternoon only: half-day policy' },
    { country: 'GT', date: '2026-06-17', holiday: false, why: 'Código de Trabajo art. 127 Father\'s Day is not general' },
    // HN, Código del Trabajo art. 339 + Decretos 50-2003 and 78-2015
    { country: 'HN', date: '2025-04-19', holiday: true, why: 'Código del Trabajo art. 339 Holy Saturday (added)' },
    { country: 'HN', date: '2026-04-14', holiday: false, why: 'Decreto 50-2003 14 April (Tuesday) moves' },
    { country: 'HN', date: '2026-04-20', holiday: true, why: 'Decreto 50-2003 14 April moved to the following Monday' },
    { country: 'HN', date: '2025-10-01', holiday: true, why: 'Decreto 78-2015 Semana Morazánica starts first Wednesday of October' },
    { country: 'HN', date: '2026-10-07', holiday: true, why: 'Decreto 78-2015 Semana Morazánica 2026 (7–9 October)' },
    { country: 'HN', date: '2026-10-12', holiday: false, why: 'Decreto 78-2015 12 October no longer on its date' },
    // SV, Código de Trabajo art. 190
    { country: 'SV', date: '2025-01-01', holiday: true, why: 'Código de Trabajo art. 190 1 January (added)' },
    { country: 'SV', date: '2025-06-17', holiday: true, why: 'Código de Trabajo art. 190 17 June (added)' },
    { country: 'SV', date: '2025-08-06', holiday: true, why: 'Código de Trabajo art. 190 6 August' },
    { country: 'SV', date: '2025-08-04', holiday: false, why: 'Código de Trabajo art. 190 4 August is public-sector only' },
  ])('$country $date is holiday=$holiday ($why)', ({ country, date, holiday }) => {
    expect(isHoliday(country, date)).toBe(holiday);
  });

  it('adds the SV public-employee closures only in the public-sector scope (1940 decree: Holy Week, 1–6 Aug, 24 Dec–2 Jan) [S]', () => {
    const scopes = ['general', 'public-sector'];
    expect(isHoliday('SV', '2025-04-14', scopes)).toBe(true);
    expect(isHoliday('SV', '2025-04-14')).toBe(false);
    expect(isHoliday('SV', '2025-08-04', scopes)).toBe(true);
    expect(isHoliday('SV', '2026-01-02', scopes)).toBe(true);
    expect(isHoliday('SV', '2025-12-29', scopes)).toBe(true);
  });

  it('cites the correction that produced a holiday (Código del Trabajo art. 339) [S]', () => {
    expect(calendars.holidayOn('HN', dayNumberOf('2025-04-19'))).toMatchObject({
      name: 'Sábado Santo',
      article: 'Código del Trabajo art. 339',
      confidence: 'secondary',
    });
  });

  it('expands rule types used by corrections (nth weekday, wrapping ranges, following Monday)', () => {
    const iso = (days: number[]) => days.map(isoFromDayNumber);
    expect(iso(daysOf({ type: 'nth-weekday', month: 11, weekday: 4, nth: 4 }, 2025))).toEqual(['2025-11-27']);
    expect(iso(daysOf({ type: 'nth-weekday', month: 5, weekday: 1, nth: -1 }, 2025))).toEqual(['2025-05-26']);
    expect(iso(daysOf({ type: 'range', from: { month: 12, day: 30 }, to: { month: 1, day: 1 } }, 2025))).toEqual(['2025-01-01', '2025-12-30', '2025-12-31']);
    expect(iso(daysOf({ type: 'fixed', month: 4, day: 14, move: 'following-monday' }, 2025))).toEqual(['2025-04-14']);
  });

  it('supports a new country as data only, falling back to weekends when no calendar is configured', () => {
    const data = structuredClone(bundledData.holidays);
    data.countries.push({ ...data.countries[0], country: 'CR', library: { country: 'CR', types: ['public'] }, corrections: [] });
    const withCr = createHolidayCalendars(data);
    expect(withCr.holidaysIn('CR', 2025).length).toBeGreaterThan(5);
    expect(withCr.knows('CO')).toBe(false);
    expect(withCr.isBusinessDay('CO', dayNumberOf('2025-06-02'))).toBe(true);
    expect(withCr.isBusinessDay('CO', dayNumberOf('2025-06-01'))).toBe(false);
  });
});
