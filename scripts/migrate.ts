import 'reflect-metadata';
import { ConfigValidationError, DatabaseEnvironment, validateEnv } from '@comity/config';
import { migrate } from '@comity/persistence';

// Creates the database when missing and applies pending migrations (deploy step, npm start).
async function main(): Promise<void> {
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const applied = await migrate(DATABASE_URL);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigValidationError ? err.message : err);
  process.exit(1);
});
