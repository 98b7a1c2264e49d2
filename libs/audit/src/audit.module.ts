import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter } from './audit-writer';

// Needs a TypeORM DataSource in scope (PersistenceModule).
@Module({
  providers: [AuditWriter, AuditLog, AuditReader, AuditVerifier],
  exports: [AuditWriter, AuditLog, AuditReader, AuditVerifier],
})
export class AuditModule {}
