import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { apiConfig, pinoParams, temporalConfig, type ApiConfig } from '@comity/config';
import { PersistenceModule } from '@comity/persistence';
import { CasesModule } from './cases/cases.module';
import { HealthModule } from './health/health.module';
import { ApiObservabilityModule } from './observability/api-observability.module';
import { AuthModule } from './auth/auth.module';
import { AdminModule } from './admin/admin.module';
import { AuditApiModule } from './audit/audit-api.module';
import { CodecModule } from './codec/codec.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RulesModule } from './rules/rules.module';
import { WorkModule } from './work/work.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [apiConfig, temporalConfig] }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => pinoParams(config.getOrThrow<ApiConfig>('api').logLevel),
    }),
    PersistenceModule,
    AuthModule,
    AdminModule,
    AuditApiModule,
    HealthModule,
    ApiObservabilityModule,
    CasesModule,
    CodecModule,
    NotificationsModule,
    RulesModule,
    WorkModule,
  ],
})
export class AppModule {}
