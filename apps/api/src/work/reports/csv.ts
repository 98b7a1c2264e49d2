// RFC 4180 CSV: a header line, then one line per row, CRLF, fields quoted when they need it.
// A field that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote
// mark (OWASP "CSV injection"); numbers are written as they are.

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => field(c.header)), ...rows.map((r) => columns.map((c) => field(c.value(r))))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
