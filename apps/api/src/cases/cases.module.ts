import { Module } from '@nestjs/common';
import { TemporalClientModule } from '@comity/temporal';
import { CaseWorkflowClient } from './case-workflow.client';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [TemporalClientModule],
  controllers: [CasesController],
  providers: [CaseWorkflowClient, CasesService],
})
export class CasesModule {}
