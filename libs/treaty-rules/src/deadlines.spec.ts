import { authorityCalendar, computeDueDate } from './deadlines';
import { evaluateDraft } from './evaluate';
import { bundledIndex, draft } from './spec-fixtures';
import type { DraftRequest } from './types';

const { calendars } = bundledIndex;

describe('computeDueDate: business days across holidays of the right country', () => {
  it.each([
    // 2025 Holy Week: Thursday 17, Friday 18, Saturday 19 April
    { country: 'HN', from: '2025-04-16T10:00:00Z', days: 3, due: '2025-04-23', article: 'HN Código del Trabajo art. 339 (Holy Thursday–Saturday)' },
    { country: 'HN', from: '2025-04-11T10:00:00Z', days: 5, due: '2025-04-23', article: 'HN Código del Trabajo art. 339 (14 April and Holy Week)' },
    { country: 'SV', from: '2025-04-16T10:00:00Z', days: 3, due: '2025-04-23', article: 'SV Código de Trabajo art. 190 (Holy Thursday–Saturday)' },
    { country: 'SV', from: '2025-04-11T10:00:00Z', days: 3, due: '2025-04-16', article: 'SV Código de Trabajo art. 190 (Monday–Wednesday of Holy Week are working days)' },
    { country: 'GT', from: '2025-04-15T10:00:00Z', days: 2, due: '2025-04-21', article: 'GT Código de Trabajo art. 127 (Holy Wednesday afternoon counts; Thursday–Saturday do not)' },
    { country: 'MX', from: '2025-04-16T10:00:00Z', days: 3, due: '2025-04-21', article: 'MX LFT art. 74 (Holy Week is not a statutory rest period)' },
    { country: 'US', from: '2025-11-26T10:00:00Z', days: 2, due: '2025-12-01', article: '5 U.S.C. § 6103 (Thanksgiving)' },
    { country: 'US', from: '2025-11-25T10:00:00Z', days: 1, due: '2025-11-26', article: '5 U.S.C. § 6103 (before Thanksgiving)' },
  ])('$country: $days business days from $from are due $due — $article', ({ country, from, days, due }) => {
    const result = computeDueDate({ from, days, unit: 'business', country, calendars });
    expect(result.dueDate).toBe(due);
    expect(result.dueAt).toBe(`${due}T23:59:59.999Z`);
  });

  it('counts SV public-employee Holy Week (8 days) when the authority uses the public-sector scope (1940 decree) [S]', () => {
    const result = computeDueDate({ from: '2025-04-11T10:00:00Z', days: 3, unit: 'business', country: 'SV', calendars, scopes: ['general', 'public-sector'] });
    expect(result.dueDate).toBe('2025-04-23');
  });

  it("uses an authority's own scopes and closures: SV Supreme Court on the public-employee calendar (1940 decree) [S]", () => {
    const settings = authorityCalendar(bundledIndex, 'sv-csj');
    expect(settings).toMatchObject({ country: 'SV', scopes: ['general', 'public-sector'], closures: [] });
    expect(computeDueDate({ from: '2025-04-11T10:00:00Z', days: 3, unit: 'business', calendars, ...settings! }).dueDate).toBe('2025-04-23');
    expect(authorityCalendar(bundledIndex, 'nope')).toBeUndefined();
  });

  it('skips configured judicial vacations (per-authority closures, research §7: UNCONFIRMED)', () => {
    const result = computeDueDate({ from: '2025-07-04T10:00:00Z', days: 2, unit: 'business', country: 'MX', calendars, closures: [{ from: '2025-07-07', to: '2025-07-11' }] });
    expect(result.dueDate).toBe('2025-07-15');
  });

  it('counts calendar days from the day after the event and calendar months with end-of-month clamping (Montevideo art. 10)', () => {
    expect(computeDueDate({ from: '2025-01-31T12:00:00Z', days: 30, unit: 'calendar', country: 'MX', calendars }).dueDate).toBe('2025-03-02');
    expect(computeDueDate({ from: '2025-12-31T12:00:00Z', months: 2, unit: 'calendar', country: 'MX', calendars }).dueDate).toBe('2026-02-28');
  });

  it('extends the period by the days the clock was stopped, and reports an open stop (UNCAC art. 46(16) supplementary information; §6 default)', () => {
    const paused = computeDueDate({ from: '2025-03-01T00:00:00Z', days: 30, unit: 'calendar', country: 'US', calendars, pauses: [{ from: '2025-03-10', to: '2025-03-20' }] });
    expect(paused).toMatchObject({ dueDate: '2025-04-10', pausedDays: 10 });
    const open = computeDueDate({ from: '2025-03-01T00:00:00Z', days: 30, unit: 'calendar', country: 'US', calendars, pauses: [{ from: '2025-03-10' }] });
    expect(open).toMatchObject({ stoppedSince: '2025-03-10' });
    expect(open.dueDate).toBeUndefined();
  });
});

describe('deadlines under the chosen basis', () => {
  const deadlineOf = (d: DraftRequest, step: string) =>
    evaluateDraft(d, bundledIndex, '2025-04-20T00:00:00Z').deadlines.find((x) => x.step === step);

  it('MX→GT provisional arrest: 60 calendar days counted from the first business day in GT after notification (MX–GT 1997 treaty) [S]', () => {
    const d = draft({ requestingState: 'MX', requestedState: 'GT', events: { 'provisional-arrest-notified': '2025-04-16T18:00:00Z' } });
    const evaluation = evaluateDraft(d, bundledIndex, '2025-04-20T00:00:00Z');
    const formal = evaluation.deadlines.find((x) => x.step === 'formal-request');
    // Holy Thursday–Saturday and Sunday are skipped: day 1 is Monday 21 April, day 60 is 19 June.
    expect(formal).toMatchObject({ days: 60, unit: 'calendar', calendarCountry: 'GT', start: 'next-business-day', dueDate: '2025-06-19', confidence: 'secondary' });
    expect(formal?.alerts?.map((a) => a.daysBefore)).toEqual([15, 7, 2]);
    // The period rests on a press report of the treaty text: a deadline doubt. The alerts are policy.
    expect(evaluation.warnings.find((w) => w.ruleId === 'mx-gt-1997.provisional-arrest')).toMatchObject({ confidence: 'secondary', affects: 'deadline' });
    expect(evaluation.warnings.map((w) => w.ruleId)).not.toContain('defaults:alerts:formal-request');
    expect(evaluation.policies.find((p) => p.ruleId === 'defaults:alerts:formal-request')).toMatchObject({ topic: 'alert', setBy: 'platform' });
  });

  it.each([
    { from: 'GT', to: 'SV', days: 40, months: undefined, due: '2025-07-12', label: 'contiguous GT→SV: 40 days' },
    { from: 'HN', to: 'GT', days: 40, months: undefined, due: '2025-07-12', label: 'contiguous HN→GT: 40 days' },
    { from: 'MX', to: 'HN', days: null, months: 2, due: '2025-08-02', label: 'non-contiguous MX→HN: 2 months' },
    { from: 'SV', to: 'MX', days: null, months: 2, due: '2025-08-02', label: 'non-contiguous SV→MX: 2 months' },
  ])('Montevideo surrender window, $label (Montevideo 1933 art. 11)', ({ from, to, days, months, due }) => {
    const surrender = deadlineOf(draft({ requestingState: from, requestedState: to, events: { 'placed-at-disposal': '2025-06-02T09:00:00Z' } }), 'surrender');
    expect(surrender).toMatchObject({ days, dueDate: due, article: 'Montevideo 1933 art. 11', confidence: 'confirmed' });
    expect(surrender?.months).toBe(months);
  });

  it.each([
    { from: 'US', to: 'MX', days: 60, months: undefined, confidence: 'secondary', article: 'US–MX 1978 Art. 11 (numbering unverified) [S]' },
    { from: 'MX', to: 'US', days: 60, months: undefined, confidence: 'secondary', article: 'US–MX 1978 Art. 11 (numbering unverified) [S]' },
    { from: 'GT', to: 'MX', days: 60, months: undefined, confidence: 'secondary', article: 'MX–GT 1997 [S]' },
    { from: 'US', to: 'HN', days: null, months: 2, confidence: 'confirmed', article: 'US–HN 1909 Art. XII' },
    { from: 'SV', to: 'US', days: null, months: 2, confidence: 'confirmed', article: 'US–SV 1911 Art. XII' },
    { from: 'US', to: 'GT', days: null, months: undefined, confidence: 'unconfirmed', article: 'US–GT 1903 Art. IX (period illegible)' },
    { from: 'HN', to: 'MX', days: null, months: 2, confidence: 'confirmed', article: 'Montevideo 1933 art. 10' },
    { from: 'SV', to: 'HN', days: null, months: 2, confidence: 'confirmed', article: 'Montevideo 1933 art. 10' },
  ])('provisional-arrest window $from→$to ($article)', ({ from, to, days, months, confidence }) => {
    const formal = deadlineOf(draft({ requestingState: from, requestedState: to }), 'formal-request');
    expect(formal).toMatchObject({ days, confidence });
    expect(formal?.months).toBe(months);
  });

  it('warns when a deadline rule is not [C] and when its period is unknown (US–GT 1903 Art. IX)', () => {
    const evaluation = evaluateDraft(draft({ requestingState: 'US', requestedState: 'GT', events: { 'provisional-arrest': '2025-06-02T00:00:00Z' } }), bundledIndex, '2025-06-01T00:00:00Z');
    const formal = evaluation.deadlines.find((x) => x.step === 'formal-request');
    expect(formal?.dueAt).toBeUndefined();
    expect(evaluation.warnings.map((w) => w.ruleId)).toEqual(expect.arrayContaining(['us-gt-1903.provisional-arrest', 'us-gt-1903.provisional-arrest:period']));
  });

  it('applies the requested state\'s own surrender rule when the US is requested (18 U.S.C. § 3188)', () => {
    const d = draft({ requestingState: 'MX', requestedState: 'US', events: { committal: '2025-03-15T00:00:00Z' } });
    expect(deadlineOf(d, 'surrender')).toMatchObject({ months: 2, dueDate: '2025-05-15', confidence: 'confirmed', article: '18 U.S.C. § 3188' });
  });

  it('warns that Mexican procedure timers may be calendar or business days (LEI art. 25) [S]', () => {
    const evaluation = evaluateDraft(draft({ requestingState: 'US', requestedState: 'MX', events: { 'preliminary-hearing': '2025-04-16T00:00:00Z' } }), bundledIndex, '2025-04-16T00:00:00Z');
    expect(evaluation.deadlines.find((d) => d.step === 'objections')).toMatchObject({ days: 3, unit: 'business', dueDate: '2025-04-21' });
    expect(evaluation.warnings.map((w) => w.ruleId)).toContain('mx.lei.objections:unit');
  });

  it("gives an urgent request the rules data's shorter review period, marked as an engineering default, with its own reminder", () => {
    const submitted = { kind: 'mla' as const, requestingState: 'HN', requestedState: 'US', events: { 'request-submitted': '2025-04-16T10:00:00Z' } };
    const ordinary = deadlineOf(draft(submitted), 'central-authority-review');
    const urgent = deadlineOf(draft({ ...submitted, urgent: true }), 'central-authority-review');
    expect(ordinary).toMatchObject({ days: 10, unit: 'business', confidence: 'default' });
    // 3 Honduran business days after Wednesday 16 April 2025, Holy Thursday to Saturday skipped.
    expect(urgent).toMatchObject({ days: 3, unit: 'business', dueDate: '2025-04-23', confidence: 'default', nature: 'policy' });
    expect(urgent!.source).toMatch(/^Engineering default \(not law\)/);
    expect(urgent!.text).toMatch(/Shortened to 3 business days/);
    expect(urgent!.alerts).toEqual([{ daysBefore: 1, at: '2025-04-22T00:00:00.000Z' }]);
  });

  it('marks a deadline overdue against `now`, never the system clock (Montevideo art. 10)', () => {
    const d = draft({ requestingState: 'GT', requestedState: 'HN', events: { 'provisional-arrest-notified': '2025-01-10T00:00:00Z' } });
    const before = evaluateDraft(d, bundledIndex, '2025-03-01T00:00:00Z').deadlines.find((x) => x.step === 'formal-request');
    const after = evaluateDraft(d, bundledIndex, '2025-03-11T00:00:00Z').deadlines.find((x) => x.step === 'formal-request');
    expect(before).toMatchObject({ dueDate: '2025-03-10', overdue: false });
    expect(after).toMatchObject({ overdue: true });
  });

  it('stops the MLA execution-target clock while supplementary information is awaited (§6 default)', () => {
    const d = draft({
      requestingState: 'US',
      requestedState: 'GT',
      kind: 'mla',
      events: { 'request-transmitted': '2025-01-01T00:00:00Z' },
      clockStops: [{ from: '2025-02-01', to: '2025-03-01', reason: 'supplementary information requested' }],
    });
    const evaluation = evaluateDraft(d, bundledIndex, '2025-01-02T00:00:00Z');
    expect(evaluation.deadlines.find((x) => x.step === 'execution-target')).toMatchObject({ months: 6, dueDate: '2025-07-29', confidence: 'default' });
    expect(evaluation.deadlines.find((x) => x.step === 'acknowledgement-escalation')).toMatchObject({ days: 90, dueDate: '2025-04-01' });
    // A platform target is the authority's policy, not a legal warning.
    expect(evaluation.deadlines.find((x) => x.step === 'execution-target')).toMatchObject({ nature: 'policy' });
    expect(evaluation.warnings.map((w) => w.ruleId)).not.toContain('default.mla-execution-target');
    expect(evaluation.policies.find((p) => p.ruleId === 'default.mla-execution-target')).toMatchObject({ topic: 'deadline', setBy: 'platform', authorityId: 'us-doj-oia' });
  });
});
