import { assertNoPendingMigrations } from '../../libs/observability/src';
import { isolatedDatabase } from '../support/isolated-database';

// Readiness fails while migrations are pending: a process must not serve on a schema older than
// its code expects (the migrate step has not run yet, or is still running).
describe('readiness: pending migrations', () => {
  it('should pass on a migrated database and name the migration a database lacks', async () => {
    const db = await isolatedDatabase(2);
    try {
      await expect(assertNoPendingMigrations(db.dataSource)).resolves.toBeUndefined();
      const [last] = (await db.dataSource.query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`)) as {
        name: string;
      }[];
      // As if the newest migration had not run yet.
      await db.dataSource.query(`DELETE FROM migrations WHERE name = $1`, [last.name]);
      await expect(assertNoPendingMigrations(db.dataSource)).rejects.toThrow(`migrations pending: ${last.name}`);
    } finally {
      await db.drop();
    }
  });
});
