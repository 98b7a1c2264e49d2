import { QueryFailedError } from 'typeorm';

// TypeORM's query errors carry the SQL parameters (drafts, names, reasons); the Temporal SDK logs
// activity failures in full. Only the database's error code and constraint travel on.
export async function withRedactedDbErrors<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof QueryFailedError) {
      const driver = err.driverError as { code?: string; constraint?: string; table?: string };
      const where = [driver.table, driver.constraint].filter(Boolean).join('.');
      // eslint-disable-next-line preserve-caught-error -- the cause would carry the parameters
      throw new Error(`${what} failed: database error ${driver.code ?? 'unknown'}${where ? ` on ${where}` : ''}`);
    }
    throw err;
  }
}
