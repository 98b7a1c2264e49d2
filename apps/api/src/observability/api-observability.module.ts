import {
  Injectable,
  Logger,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ApiConfig } from '@comity/config';
import { auditWriteSeconds } from '@comity/audit';
import {
  createRegistry,
  httpMetrics,
  httpTracing,
  installTracing,
  metricsAnswer,
  startOpsServer,
  type OpsServer,
} from '@comity/observability';
import { registerQueueGauges } from './queue-gauges';

// The api's Prometheus metrics: HTTP by route, audit write times, queue depth and overdue cases
// per authority, and the Node.js process; served on API_METRICS_PORT at GET /metrics.
@Injectable()
export class ApiMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiMetrics.name);
  readonly registry: Registry = createRegistry('api', [auditWriteSeconds]);
  private server?: OpsServer;

  constructor(
    private readonly config: ConfigService,
    @InjectDataSource() dataSource: DataSource,
  ) {
    registerQueueGauges(this.registry, dataSource);
  }

  /** The port the metrics are served on (the configured one, or the one picked for 0). */
  get port(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { metricsPort } = this.config.getOrThrow<ApiConfig>('api');
    this.server = await startOpsServer(metricsPort, { '/metrics': () => metricsAnswer(this.registry) });
    this.logger.log(`Metrics on port ${this.server.port} (GET /metrics)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}

@Module({ providers: [ApiMetrics], exports: [ApiMetrics] })
export class ApiObservabilityModule implements NestModule {
  constructor(private readonly metrics: ApiMetrics) {
    // Off unless OTEL_EXPORTER_OTLP_* configure an endpoint (see libs/observability tracing.ts).
    installTracing('api');
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpTracing(), httpMetrics(this.metrics.registry)).forRoutes('{*path}');
  }
}
