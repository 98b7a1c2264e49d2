import { daysLeft, formatInstant } from './format';

// Countdowns: a day and two hours left is two days; past the instant it is breached.
describe('daysLeft', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('rounds a running clock up to whole days', () => {
    expect(daysLeft('2026-11-29T14:00:00Z', now)).toEqual({ breached: false, days: 2 });
    expect(daysLeft('2026-11-28T12:00:00Z', now)).toEqual({ breached: false, days: 0 });
  });
  it('marks a passed instant breached with the whole days since', () => {
    expect(daysLeft('2026-11-28T11:59:00Z', now)).toEqual({ breached: true, days: 0 });
    expect(daysLeft('2026-11-25T11:00:00Z', now)).toEqual({ breached: true, days: 3 });
  });
});

// Instants in the holder's time zone, with its abbreviation, in the user's language.
describe('formatInstant', () => {
  it('writes the date and time where the holder is', () => {
    const at = '2026-11-28T18:30:00Z';
    expect(formatInstant(at, 'es', 'MX')).toMatch(/^28\/11\/2026.*12:30.*(CST|GMT-6)/);
    expect(formatInstant(at, 'en', 'US')).toMatch(/^11\/28\/2026.*1:30.*PM.*(EST|GMT-5)/);
  });
});
