import { Logger, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { notificationsConfig, payloadConfig, pinoParams, temporalConfig, workerConfig, type WorkerConfig } from '@comity/config';
import { AuditModule } from '@comity/audit';
import { NotificationsCoreModule } from '@comity/notifications';
import { PersistenceModule } from '@comity/persistence';
import { RulesDataStore, RulesStoreModule } from '@comity/rules-store';
import { CaseProjectionActivities } from './activities/case-projection.activities';
import { CaseRulesActivities, RulesIndexSource } from './activities/case-rules.activities';
import { DeadlineScale } from './activities/deadline-scale';
import { EvaluationStore, PgEvaluationStore } from './activities/evaluation-store';
import { DeliveryActivitiesImpl } from './activities/notifications/delivery.activities';
import { DeliverySweeper } from './activities/notifications/delivery-sweeper';
import { WorkerObservability } from './observability/worker-observability';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [workerConfig, temporalConfig, payloadConfig, notificationsConfig] }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => pinoParams(config.getOrThrow<WorkerConfig>('worker').logLevel),
    }),
    PersistenceModule,
    AuditModule,
    RulesStoreModule,
    NotificationsCoreModule,
  ],
  providers: [
    CaseProjectionActivities,
    CaseRulesActivities,
    DeliveryActivitiesImpl,
    DeliverySweeper,
    TemporalWorkerService,
    WorkerObservability,
    // The rules come from PostgreSQL, so an administrator's status change reaches running cases.
    { provide: RulesIndexSource, useExisting: RulesDataStore },
    { provide: EvaluationStore, useClass: PgEvaluationStore },
    { provide: DeadlineScale, inject: [ConfigService], useFactory: deadlineScale },
  ],
})
export class WorkerModule {}

// Test only: periods compressed by COMITY_TEST_DEADLINE_SCALE (loadWorkerConfig refuses it in production).
function deadlineScale(config: ConfigService): DeadlineScale {
  const factor = config.getOrThrow<WorkerConfig>('worker').testDeadlineScale;
  if (factor === null) return new DeadlineScale();
  new Logger('DeadlineScale').warn(`COMITY_TEST_DEADLINE_SCALE=${factor}: every planned deadline is compressed (test only)`);
  return new DeadlineScale(factor);
}
