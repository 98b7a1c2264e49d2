import { isIsoDay, isIsoInstant, isUuid, textProblem } from './text-and-dates';

describe('what the platform accepts as text, days and instants', () => {
  it.each(['A\u0000B', 'bell\u0007', 'esc\u001b[0m', 'del\u007f', 'tab\tin a line', 'two\nlines'])(
    'should refuse %j on one line',
    (v) => expect(textProblem(v, { multiline: false })).toMatch(/control characters/),
  );

  it('should keep tab and line breaks in free text and refuse other controls', () => {
    expect(textProblem('one\n\ttwo\r\n', { multiline: true })).toBeNull();
    expect(textProblem('nul\u0000', { multiline: true })).toMatch(/control characters/);
    expect(textProblem('vt\u000b', { multiline: true })).toMatch(/control characters/);
  });

  it('should refuse lone surrogates and accept paired ones and accents', () => {
    expect(textProblem('bad \ud800 text', { multiline: true })).toMatch(/Unicode/);
    expect(textProblem('bad \udc00', { multiline: false })).toMatch(/Unicode/);
    expect(textProblem('Fiscalía 🇭🇳 año', { multiline: false })).toBeNull();
  });

  it.each(['2026-01-31', '2024-02-29', '2000-02-29', '1000-01-01', '9999-12-31'])('should accept the day %s', (v) =>
    expect(isIsoDay(v)).toBe(true),
  );

  it.each(['2026-02-30', '2023-02-29', '1900-02-29', '0000-01-01', '2026-W05', '2026-035', '2026', '2026-13-01', '2026-1-1', ' 2026-01-01', 20260101])(
    'should refuse the day %j',
    (v) => expect(isIsoDay(v)).toBe(false),
  );

  it.each(['2027-06-30T00:00:00Z', '2027-06-30T23:59:59.123456789Z', '2027-06-30T10:00+02:00', '2027-06-30T10:00:00-05:00'])(
    'should accept the instant %s',
    (v) => expect(isIsoInstant(v)).toBe(true),
  );

  it.each(['2027-06-30', '2027-06-30T24:00:00Z', '2027-06-30T10:60:00Z', '2027-06-30T10:00:60Z', '2027-02-30T00:00:00Z', '2027-06-30T10:00:00', '2027-06-30T10:00:00+15:00', '2026-W05-1T00:00:00Z'])(
    'should refuse the instant %j',
    (v) => expect(isIsoInstant(v)).toBe(false),
  );

  it('should accept UUIDs in their text form only', () => {
    expect(isUuid('5b0f3f3e-8c2a-4c1e-9d7a-2f6b1a0c9e41')).toBe(true);
    expect(isUuid('-'.repeat(36))).toBe(false);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
