import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigValidationError, DatabaseEnvironment, validateEnv } from '@comity/config';
import { dataSourceOptions } from '@comity/persistence';
import { formatLoadRulesResult, loadRulesDocuments } from '@comity/rules-store';

// Run after migrations on every start (idempotent): copies the treaty-rules data files shipped in
// libs/treaty-rules/data into rules_documents when their version differs from the stored one.
// Administrators' status changes are kept.
export async function loadRules(dataSource: DataSource): Promise<string> {
  return formatLoadRulesResult(await loadRulesDocuments(dataSource));
}

async function main(): Promise<void> {
  const { DATABASE_URL } = validateEnv(DatabaseEnvironment);
  const dataSource = await new DataSource(dataSourceOptions(DATABASE_URL)).initialize();
  try {
    console.log(await loadRules(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof ConfigValidationError ? err.message : err);
    process.exit(1);
  });
}
