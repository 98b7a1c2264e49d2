import type { DataSource } from 'typeorm';

export type ComponentStatus = { status: 'up' } | { status: 'down'; error: string };

export const CHECK_TIMEOUT_MS = 2000;

// Runs one dependency check with a deadline. The probe gets an abort signal: a probe still
// retrying after the timeout (the Temporal client retries unavailable servers) is cancelled
// rather than left running.
export async function checkComponent(
  probe: (signal: AbortSignal) => Promise<unknown>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ComponentStatus> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(controller.signal),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

// Pending migrations make a process unready: its code expects a schema the database does not
// have yet (the migrate step has not run, or is running). Read-only: never creates the table.
export async function assertNoPendingMigrations(dataSource: DataSource): Promise<void> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const rows: { name: string }[] = await dataSource.query(`SELECT name FROM "${table}"`);
  const applied = new Set(rows.map((r) => r.name));
  const pending = dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !applied.has(n));
  if (pending.length) throw new Error(`migrations pending: ${pending.join(', ')}`);
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  components: Record<string, ComponentStatus>;
}

/** Checks every component in parallel; ready only when all are up. */
export async function readiness(
  checks: Record<string, (signal: AbortSignal) => Promise<unknown>>,
): Promise<Readiness> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => checkComponent(checks[n])));
  const components = Object.fromEntries(names.map((n, i) => [n, results[i]]));
  return { status: results.every((r) => r.status === 'up') ? 'ok' : 'unavailable', components };
}
