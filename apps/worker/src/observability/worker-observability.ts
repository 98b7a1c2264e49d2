import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from '@temporalio/worker';
import type { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { Context as ActivityContext } from '@temporalio/activity';
import { createServer } from 'node:net';
import { Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { WorkerConfig } from '@comity/config';
import { auditWriteSeconds } from '@comity/audit';
import {
  assertNoPendingMigrations,
  createRegistry,
  installTracing,
  json,
  LATENCY_BUCKETS,
  metricsAnswer,
  readiness,
  startOpsServer,
  timed,
  type OpsServer,
  type Tracing,
} from '@comity/observability';
import { workflowSource } from '../workflow-source';
import { TRACING_WORKFLOW_MODULE } from './tracing-workflow-module';

// The worker's operations port (WORKER_METRICS_PORT): GET /metrics with its own metrics (activity
// times by type, so projectTransition is the projection write time; audit write times; Node.js)
// followed by the Temporal SDK's (Core's Prometheus exporter, bound to loopback only);
// GET /health/live and GET /health/ready for orchestrators.
@Injectable()
export class WorkerObservability implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerObservability.name);
  readonly registry: Registry = createRegistry('worker', [auditWriteSeconds]);
  private readonly activitySeconds = new Histogram({
    name: 'comity_activity_duration_seconds',
    help: 'Time to run an activity attempt, by activity type and outcome (projectTransition: the projection write)',
    labelNames: ['activity', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private coreMetricsUrl?: string;
  private server?: OpsServer;
  // Off unless OTEL_EXPORTER_OTLP_* configure an endpoint (see libs/observability tracing.ts).
  private readonly tracing: Tracing = installTracing('worker');

  constructor(
    private readonly config: ConfigService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The port the operations server listens on (the configured one, or the one picked for 0). */
  get port(): number | undefined {
    return this.server?.port;
  }

  /** Telemetry options for Runtime.install: the SDK's metrics on a free loopback port. */
  async runtimeMetrics(): Promise<{ prometheus: { bindAddress: string } }> {
    const port = await freeLoopbackPort();
    this.coreMetricsUrl = `http://127.0.0.1:${port}/metrics`;
    return { prometheus: { bindAddress: `127.0.0.1:${port}` } };
  }

  /**
   * Interceptors and sinks for the Worker: activity times; traces of workflow tasks (their spans
   * leave the sandbox through the exporter sink) and activities, children of the client's spans.
   */
  workerOptions(nodeEnv: string): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
    // The production bundle has the workflow-side module built in (build-workflow-bundle.ts).
    const fromSources = 'workflowsPath' in workflowSource(nodeEnv);
    return {
      interceptors: {
        activity: [
          (ctx) => ({ inbound: new ActivityTimer(ctx, this.activitySeconds) }),
          (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) }),
        ],
        workflowModules: fromSources ? [TRACING_WORKFLOW_MODULE] : [],
      },
      sinks: { exporter: makeWorkflowExporter(this.tracing.spanProcessor, this.tracing.resource) },
    };
  }

  /** Serves metrics and probes for this worker, once it is created. */
  async watch(worker: Worker, connection: NativeConnection): Promise<void> {
    const { metricsPort } = this.config.getOrThrow<WorkerConfig>('worker');
    this.server = await startOpsServer(metricsPort, {
      '/metrics': async () => metricsAnswer(this.registry, await this.sdkMetrics()),
      // Stuck means this server no longer answers, or the worker has failed for good.
      '/health/live': async () =>
        worker.getState() === 'FAILED' ? json(503, { status: 'failed' }) : json(200, { status: 'ok' }),
      '/health/ready': async () => {
        const result = await readiness({
          worker: async () => {
            if (worker.getState() !== 'RUNNING') throw new Error(`worker ${worker.getState().toLowerCase()}`);
          },
          database: () => this.dataSource.query('SELECT 1'),
          migrations: () => assertNoPendingMigrations(this.dataSource),
          temporal: (signal) => connection.withAbortSignal(signal, () => connection.workflowService.getSystemInfo({})),
        });
        return json(result.status === 'ok' ? 200 : 503, result);
      },
    });
    this.logger.log(`Metrics and probes on port ${this.server.port}`);
  }

  // Core's exporter, when this process installed the runtime (a test process may have installed
  // it before, without the exporter): its text follows ours.
  private async sdkMetrics(): Promise<string> {
    if (!this.coreMetricsUrl) return '';
    try {
      const res = await fetch(this.coreMetricsUrl, { signal: AbortSignal.timeout(2000) });
      return res.ok ? await res.text() : '';
    } catch {
      return '';
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}

class ActivityTimer implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: ActivityContext,
    private readonly seconds: Histogram<string>,
  ) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return timed(this.seconds, { activity: this.ctx.info.activityType }, () => next(input));
  }
}

// Core binds the exporter itself and takes an address, not a listening socket: ask the kernel
// for a free port and hand it over (another process could take it in between; then start-up fails
// and the worker is restarted).
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
