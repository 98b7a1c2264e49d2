import { Module } from '@nestjs/common';
import { AuditAnchors } from './audit-anchor';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter } from './audit-writer';

// Needs a TypeORM DataSource in scope (PersistenceModule).
@Module({
  providers: [AuditWriter, AuditLog, AuditReader, AuditVerifier, AuditAnchors],
  exports: [AuditWriter, AuditLog, AuditReader, AuditVerifier, AuditAnchors],
})
export class AuditModule {}
