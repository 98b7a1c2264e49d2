import { Module } from '@nestjs/common';
import { RulesStoreModule } from '@comity/rules-store';
import { AuthorityPolicyController } from './authority-policy.controller';
import { AuthorityPolicyService } from './authority-policy.service';
import { InstrumentStatusService } from './instrument-status.service';
import { RulesAdminController } from './rules-admin.controller';
import { RulesCatalogService } from './rules-catalog.service';
import { RulesController } from './rules.controller';

@Module({
  imports: [RulesStoreModule],
  controllers: [RulesController, RulesAdminController, AuthorityPolicyController],
  providers: [RulesCatalogService, InstrumentStatusService, AuthorityPolicyService],
  exports: [RulesCatalogService],
})
export class RulesModule {}
