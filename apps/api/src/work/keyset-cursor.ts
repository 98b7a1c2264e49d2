import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../common/problem';

// Keyset cursors: the sort key of the last row of a page, base64url-encoded JSON. A cursor is
// ours only if it decodes to values each `check` accepts; anything else is refused before SQL.
export function encodeKeyset(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeKeyset<T extends unknown[]>(cursor: string, checks: { [K in keyof T]: (v: unknown) => boolean }): T {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (Array.isArray(decoded) && decoded.length === checks.length && checks.every((check, i) => check(decoded[i]))) {
    return decoded as T;
  }
  throw new ProblemException(HttpStatus.BAD_REQUEST, 'Invalid cursor', 'cursor must come from a previous page', [
    { field: 'cursor', messages: ['must come from a previous page'] },
  ]);
}
