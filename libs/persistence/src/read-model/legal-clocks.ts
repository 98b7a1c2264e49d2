// Deadlines that the law binds (custody and extradition windows), by deadline key, with the
// window they stand for in the compliance report. They rank a case above every other open case
// in a work queue (after breaches). MLA has none; extradition's provisional-arrest window (the
// formal request must arrive in time) and surrender window are the ones the issue names.
export const LEGAL_CLOCKS: Readonly<Record<string, 'provisional-arrest' | 'surrender'>> = {
  'formal-request': 'provisional-arrest',
  surrender: 'surrender',
};

export const LEGAL_CLOCK_KEYS = Object.keys(LEGAL_CLOCKS);

export function isLegalClock(deadlineKey: string): boolean {
  return deadlineKey in LEGAL_CLOCKS;
}
