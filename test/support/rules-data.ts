import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src';
import { loadRulesDocuments } from '../../libs/rules-store/src';

// The treaty-rules files loaded into a migrated test database, as scripts/load-rules.ts does on start.
export async function loadBundledRules(databaseUrl: string): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    await loadRulesDocuments(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
