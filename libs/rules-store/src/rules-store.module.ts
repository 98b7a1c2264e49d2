import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RulesDataStore } from './rules-data-store';

// One RulesDataStore (one cached index) per Nest application. Needs a TypeORM DataSource in scope
// (PersistenceModule).
@Module({
  providers: [
    { provide: RulesDataStore, inject: [DataSource], useFactory: (ds: DataSource) => new RulesDataStore(ds) },
  ],
  exports: [RulesDataStore],
})
export class RulesStoreModule {}
