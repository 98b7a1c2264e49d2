import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import { QueryFailedError, type EntityManager } from 'typeorm';

// TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING with [rows, affectedCount] and
// everything else with rows; this always gives the rows.
export async function queryRows<T>(
  runner: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result = await runner.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

// Runs `text` as a named prepared statement on the manager's connection (inside its transaction,
// if any): PostgreSQL parses and plans it once per connection instead of on every call. For the
// hottest fixed statements only; `text` must not vary with the values.
export async function preparedQuery<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  if (!manager.queryRunner) throw new Error('preparedQuery needs a query runner (use it inside dataSource.transaction)');
  const client = (await manager.queryRunner.connect()) as PoolClient;
  const name = statementName(text);
  try {
    return (await client.query<T & QueryResultRow>({ name, text, values })).rows;
  } catch (err) {
    // The same error as TypeORM's own queries raise, so callers handle (and redact) both alike.
    throw new QueryFailedError(text, values, err as Error);
  }
}

const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}
