// Standalone DataSource for the TypeORM CLI (migration:generate / migration:revert).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DatabaseEnvironment, validateEnv } from '@comity/config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(validateEnv(DatabaseEnvironment).DATABASE_URL));
