import { Module } from '@nestjs/common';
import { AuditModule } from '@comity/audit';
import { TemporalClientModule } from '@comity/temporal';
import { CaseQueries } from './case-queries.service';
import { CaseWorkflowClient } from './case-workflow.client';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [TemporalClientModule, AuditModule],
  controllers: [CasesController],
  providers: [CaseWorkflowClient, CaseQueries, CasesService],
  exports: [CaseQueries],
})
export class CasesModule {}
