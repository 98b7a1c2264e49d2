import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { formatSeedResult, seedIdentity } from '@comity/auth';
import { ConfigValidationError, DatabaseEnvironment, SeedEnvironment, validateEnv } from '@comity/config';
import { dataSourceOptions } from '@comity/persistence';

// Run after migrations on every start (idempotent): the first admin from ADMIN_EMAIL /
// ADMIN_PASSWORD (or a generated password, printed once), and outside production the demo
// authorities and users of MX, US, GT, HN and SV, whose logins it prints.
async function main(): Promise<void> {
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const env = validateEnv(SeedEnvironment);
  const dataSource = await new DataSource(dataSourceOptions(DATABASE_URL)).initialize();
  try {
    const result = await seedIdentity(dataSource, {
      adminEmail: env.ADMIN_EMAIL,
      adminPassword: env.ADMIN_PASSWORD,
      adminJurisdiction: env.ADMIN_JURISDICTION,
      demo: env.NODE_ENV !== 'production',
    });
    console.log(formatSeedResult(result));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigValidationError ? err.message : err);
  process.exit(1);
});
