import { Module } from '@nestjs/common';
import { AuditModule } from '@comity/audit';
import { RulesStoreModule } from '@comity/rules-store';
import { TemporalClientModule } from '@comity/temporal';
import { RulesModule } from '../rules/rules.module';
import { DocumentsModule } from '../documents/documents.module';
import { CaseEvaluationService } from './case-evaluation.service';
import { CaseQueries } from './case-queries.service';
import { CaseWorkflowClient } from './case-workflow.client';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { DecisionCommits } from './decision-commits';

@Module({
  imports: [TemporalClientModule, AuditModule, RulesModule, RulesStoreModule, DocumentsModule],
  controllers: [CasesController],
  providers: [CaseWorkflowClient, CaseQueries, CasesService, CaseEvaluationService, DecisionCommits],
  exports: [CaseQueries],
})
export class CasesModule {}
