import { Module } from '@nestjs/common';
import { AuditModule } from '@comity/audit';
import { NotificationsCoreModule } from '@comity/notifications';
import { CasesModule } from '../cases/cases.module';
import { AssignmentService } from './assignment.service';
import { QueueService } from './queue.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { WebhooksController } from './webhooks.controller';
import { WorkController } from './work.controller';

// Work queues, assignment, delay reports and outbound webhooks (issue #13).
@Module({
  imports: [AuditModule, CasesModule, NotificationsCoreModule],
  controllers: [WorkController, ReportsController, WebhooksController],
  providers: [QueueService, AssignmentService, ReportsService],
})
export class WorkModule {}
