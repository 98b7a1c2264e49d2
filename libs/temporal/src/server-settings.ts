// Server settings Comity relies on, given to every Temporal server it starts (the dev server of
// `npm start`, the tests' and the benchmarks'); docker-compose.yml and deploy/ set the same ones
// in the server's dynamic configuration.
export const TEMPORAL_DYNAMIC_CONFIG: Record<string, boolean | number> = {
  // A decision's projection is a regular activity scheduled by the workflow task that accepts the
  // Update. Eager execution hands it back to the same worker in that task's completion response,
  // instead of a trip through matching to a poller: one hop fewer on every decision. The server
  // defaults it off; the SDK asks for it on every activity.
  'system.enableActivityEagerExecution': true,
};

/** The settings as `temporal server start-dev` arguments, with any test-only additions. */
export function dynamicConfigArgs(extra: Record<string, boolean | number> = {}): string[] {
  return Object.entries({ ...TEMPORAL_DYNAMIC_CONFIG, ...extra }).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

// The dev server's SQLite file (`npm start`, the benchmarks): write-ahead logging with a sync of
// the log at every commit. As durable as SQLite's default (a rollback journal, synced at every
// commit) through a crash of the process or of the machine, with one sync per commit instead of
// several, which is what bounds the dev server's writes under sustained decisions (B4).
export const TEMPORAL_SQLITE_PRAGMAS: Record<string, string> = {
  journal_mode: 'wal',
  synchronous: 'full',
};

/** The SQLite pragmas as `temporal server start-dev` arguments (for a file-backed dev server). */
export function sqlitePragmaArgs(): string[] {
  return Object.entries(TEMPORAL_SQLITE_PRAGMAS).flatMap(([key, value]) => ['--sqlite-pragma', `${key}=${value}`]);
}
