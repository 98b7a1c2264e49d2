import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { pinoParams, temporalConfig, workerConfig, type WorkerConfig } from '@comity/config';
import { PersistenceModule } from '@comity/persistence';
import { CaseRecordsActivities } from './activities/case-records.activities';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [workerConfig, temporalConfig] }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => pinoParams(config.getOrThrow<WorkerConfig>('worker').logLevel),
    }),
    PersistenceModule,
  ],
  providers: [CaseRecordsActivities, TemporalWorkerService],
})
export class WorkerModule {}
