// What the platform accepts as text, days and instants. Pure, so the api's validators, the
// workflow's update validators and the worker share one definition: input PostgreSQL or the
// rules engine would refuse later must be refused at the edge, before it can reach a case.

// C0 controls and DEL; free text keeps tab, line feed and carriage return. Matching control
// characters is the point here.
/* eslint-disable no-control-regex */
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/* eslint-enable no-control-regex */
// A UTF-16 surrogate without its pair cannot be encoded as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string may not be stored as text, or null when it may. */
export function textProblem(value: string, { multiline }: { multiline: boolean }): string | null {
  if ((multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value)) {
    return multiline ? 'must not contain control characters (other than tab and line breaks)' : 'must not contain control characters';
  }
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text';
  return null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

// Years outside 1000-9999 are refused: PostgreSQL has no year 0 and nothing in a case needs them.
function realDay(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** A calendar day that exists, written YYYY-MM-DD (no week or ordinal dates). */
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  return m !== null && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** An instant with its offset, YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM), on a day that exists. */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (m === null || !realDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return false;
  return m[7] === 'Z' || (Number(m[8]) <= 14 && Number(m[9]) <= 59);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its canonical text form, as PostgreSQL reads one. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
