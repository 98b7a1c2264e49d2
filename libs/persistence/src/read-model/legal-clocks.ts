// Deadlines that the law binds (custody and extradition windows), by deadline key, with the
// window they stand for in the compliance report and the action that meets them. They rank a
// case above every other open case in a work queue (after breaches). MLA has none; extradition's
// provisional-arrest window (the formal request must arrive in time) and surrender window are
// the ones the issue names (libs/contracts extradition.machine.ts).
//
// A window is met only by its act: the formal request transmitted while the window runs, the
// person surrendered while it runs. A window that ends any other way (the request withdrawn, the
// person consenting or dying, extradition refused on appeal) was neither met nor missed: it ended.
export const LEGAL_CLOCKS: Readonly<Record<string, { window: 'provisional-arrest' | 'surrender'; metBy: string }>> = {
  'formal-request': { window: 'provisional-arrest', metBy: 'transmit_formal_request' },
  surrender: { window: 'surrender', metBy: 'record_surrender' },
};

export const LEGAL_CLOCK_KEYS = Object.keys(LEGAL_CLOCKS);

export function isLegalClock(deadlineKey: string): boolean {
  return deadlineKey in LEGAL_CLOCKS;
}
