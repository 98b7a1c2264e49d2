import { Module } from '@nestjs/common';
import { DocumentStorageModule } from '@comity/documents';
import { RulesStoreModule } from '@comity/rules-store';
import { TemporalClientModule } from '@comity/temporal';
import { CaseWorkflowClient } from '../cases/case-workflow.client';
import { ContentIntake } from './content-intake';
import { DocumentAccess } from './document-access';
import { DocumentQueries } from './document-queries';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { LettersService } from './letters.service';
import { PackagesService } from './packages.service';
import { DocumentGate } from './document-gate';

// Documents of cases (issue #14). CaseAccessService and AuditLog come from the global AuthModule.
@Module({
  imports: [DocumentStorageModule, RulesStoreModule, TemporalClientModule],
  controllers: [DocumentsController],
  // CaseWorkflowClient for the signing step (a notice on the timeline); CasesModule imports this module.
  providers: [CaseWorkflowClient, ContentIntake, DocumentAccess, DocumentQueries, DocumentsService, LettersService, PackagesService, DocumentGate],
  exports: [DocumentGate],
})
export class DocumentsModule {}
