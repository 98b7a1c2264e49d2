import { Module } from '@nestjs/common';
import { RulesStoreModule } from '@comity/rules-store';
import { InstrumentStatusService } from './instrument-status.service';
import { RulesAdminController } from './rules-admin.controller';
import { RulesCatalogService } from './rules-catalog.service';
import { RulesController } from './rules.controller';

@Module({
  imports: [RulesStoreModule],
  controllers: [RulesController, RulesAdminController],
  providers: [RulesCatalogService, InstrumentStatusService],
  exports: [RulesCatalogService],
})
export class RulesModule {}
