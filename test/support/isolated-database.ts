import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, migrate } from '../../libs/persistence/src';
import { testDatabaseUrl } from './env';

// A database of its own, migrated, for tests that must see only their own rows (verifying every
// audit chain) or that damage data on purpose (tampering), so they cannot disturb other tests.
export async function isolatedDatabase(
  poolSize = 10,
): Promise<{ dataSource: DataSource; url: string; drop: () => Promise<void> }> {
  const url = testDatabaseUrl(`comity_iso_${process.pid}_${randomBytes(4).toString('hex')}`);
  await migrate(url);
  const options = dataSourceOptions(url);
  const dataSource = await new DataSource({
    ...options,
    extra: { max: poolSize },
  } as typeof options).initialize();
  return {
    dataSource,
    url,
    drop: async () => {
      await dataSource.destroy();
      if (!process.env.KEEP_TEST_DATABASE) await dropDatabase(url);
    },
  };
}
