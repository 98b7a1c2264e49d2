import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { ActivityFailureType } from '@comity/contracts';
import { RulesDataUnavailableError } from '@comity/rules-store';

// SQLSTATE classes the data itself causes: 22 data exception (bad encoding, out of range,
// invalid date), 23 integrity constraint violation. Retrying the same data cannot succeed.
const PERMANENT_CLASSES = new Set(['22', '23']);

/**
 * Runs an activity body and classifies its failure for the workflow: data the database refuses
 * is non-retryable (the action is refused and the case stays as it was); missing rules data is
 * non-retryable too; anything else (connection lost, 40001 serialization, 40P01 deadlock, 57P01
 * admin shutdown, timeouts) is transient and retried with the workflow's bound.
 *
 * TypeORM's query errors carry the SQL parameters (drafts, names, reasons) and the Temporal SDK
 * logs activity failures in full, so only the database's error code and constraint travel on.
 */
export async function withRedactedDbErrors<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classify(what, err);
  }
}

export function classify(what: string, err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof RulesDataUnavailableError) {
    return ApplicationFailure.nonRetryable(`${what} failed: ${err.message}`, ActivityFailureType.RULES_DATA_MISSING);
  }
  if (err instanceof QueryFailedError) {
    const driver = err.driverError as { code?: string; constraint?: string; table?: string };
    const code = driver.code ?? 'unknown';
    const where = [driver.table, driver.constraint].filter(Boolean).join('.');
    const message = `${what} failed: database error ${code}${where ? ` on ${where}` : ''}`;
    return PERMANENT_CLASSES.has(code.slice(0, 2))
      ? ApplicationFailure.nonRetryable(message, ActivityFailureType.INVALID_DATA)
      : ApplicationFailure.retryable(message, ActivityFailureType.TRANSIENT);
  }
  // Connection errors and the like: their messages carry no data, only what went wrong.
  const message = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.retryable(`${what} failed: ${message}`, ActivityFailureType.TRANSIENT);
}
