import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src';

// A DataSource on the run's fresh, migrated database.
export async function testDataSource(): Promise<DataSource> {
  return new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
}
