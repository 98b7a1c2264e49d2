import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { formatSeedResult, seedIdentity } from '@comity/auth';
import {
  ConfigValidationError,
  DatabaseEnvironment,
  SeedEnvironment,
  validateEnv,
  writePrivateFile,
} from '@comity/config';
import { dataSourceOptions } from '@comity/persistence';

// Run after migrations on every start (idempotent): the first admin from ADMIN_EMAIL /
// ADMIN_PASSWORD, and outside production the demo authorities and users of MX, US, GT, HN and
// SV, whose logins it prints. A generated admin password is never printed (the output is often a
// log): it is written to COMITY_DATA_DIR/admin-password, readable only by its owner, and the
// output says where. If that file cannot be written, no admin is created.
export async function seed(dataSource: DataSource): Promise<string> {
  const env = validateEnv(SeedEnvironment);
  const passwordPath = join(env.COMITY_DATA_DIR, 'admin-password');
  let passwordFile: string | undefined;
  const result = await seedIdentity(dataSource, {
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    adminJurisdiction: env.ADMIN_JURISDICTION,
    demo: env.NODE_ENV !== 'production',
    keepGeneratedPassword: async (password) => {
      try {
        passwordFile = await writePrivateFile(passwordPath, `${password}\n`);
      } catch (err) {
        throw new Error(
          `Could not write the generated admin password to ${passwordPath} (${(err as NodeJS.ErrnoException).code ?? 'error'}); ` +
            'set ADMIN_PASSWORD, or COMITY_DATA_DIR to a directory this user may write. No admin was created.',
          { cause: err },
        );
      }
    },
  });
  return formatSeedResult(result, passwordFile);
}

async function main(): Promise<void> {
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const dataSource = await new DataSource(dataSourceOptions(DATABASE_URL)).initialize();
  try {
    console.log(await seed(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof ConfigValidationError || err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
