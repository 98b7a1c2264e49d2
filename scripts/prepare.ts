import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigValidationError, DatabaseEnvironment, validateEnv } from '@comity/config';
import { dataSourceOptions, migrate } from '@comity/persistence';
import { loadRules } from './load-rules';
import { seed } from './seed';

// Everything the database needs before the api and the worker start, in one process (npm start,
// the image's migrate target): migrations, then the seed and the rules load side by side on one
// connection pool. Each step is also a script of its own (migrate.js, seed.js, load-rules.js); one
// process instead of three saves two Node.js and TypeORM start-ups on every start.
async function main(): Promise<void> {
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const applied = await migrate(DATABASE_URL);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
  const dataSource = await new DataSource(dataSourceOptions(DATABASE_URL)).initialize();
  try {
    const [seeded, rules] = await Promise.all([seed(dataSource), loadRules(dataSource)]);
    console.log(seeded);
    console.log(rules);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigValidationError || err instanceof Error ? err.message : err);
  process.exit(1);
});
