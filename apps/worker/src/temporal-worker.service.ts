import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { CASES_TASK_QUEUE } from '@comity/contracts';
import type { PayloadConfig, TemporalConfig, WorkerConfig } from '@comity/config';
import { comityDataConverter } from '@comity/temporal';
import type { CaseActivities } from '../../../workflows/src/case/case.activities';
import { CaseProjectionActivities } from './activities/case-projection.activities';
import { CaseRulesActivities } from './activities/case-rules.activities';
import { DeliveryActivitiesImpl } from './activities/notifications/delivery.activities';
import type { DeliveryActivities } from '../../../workflows/src/notifications/delivery.activities';
import { WorkerObservability } from './observability/worker-observability';
import { installTemporalRuntimeLogger } from './temporal-runtime-logger';
import { workflowSource } from './workflow-source';
import { workerDeploymentOptions } from './worker-versioning';

// Lifecycle: create on init, run on bootstrap, and await a drained shutdown on destroy,
// so in-flight activities finish (or are retried elsewhere) before the process exits.
@Injectable()
export class TemporalWorkerService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    private readonly config: ConfigService,
    private readonly projection: CaseProjectionActivities,
    private readonly rules: CaseRulesActivities,
    private readonly observability: WorkerObservability,
    private readonly delivery: DeliveryActivitiesImpl,
  ) {}

  async onModuleInit(): Promise<void> {
    const temporal = this.config.getOrThrow<TemporalConfig>('temporal');
    const worker = this.config.getOrThrow<WorkerConfig>('worker');
    installTemporalRuntimeLogger(worker.logLevel, await this.observability.runtimeMetrics());
    this.connection = await NativeConnection.connect({ address: temporal.address });
    const options: WorkerOptions = {
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: CASES_TASK_QUEUE,
      // Payloads are encrypted before they reach Temporal (PAYLOAD_KEYS).
      dataConverter: comityDataConverter(this.config.getOrThrow<PayloadConfig>('payload')),
      ...workflowSource(worker.nodeEnv),
      activities: this.activities(),
      maxCachedWorkflows: worker.maxCachedWorkflows,
      maxConcurrentActivityTaskExecutions: worker.maxConcurrentActivities,
      stickyQueueScheduleToStartTimeout: worker.stickyTimeoutMs,
      shutdownGraceTime: '10 seconds',
      ...this.observability.workerOptions(worker.nodeEnv),
      workerDeploymentOptions: workerDeploymentOptions(worker),
    };
    this.worker = await Worker.create(options);
    await this.observability.watch(this.worker, this.connection);
  }

  // Bound explicitly so a missing implementation fails to compile against the workflow's interface.
  private activities(): CaseActivities & DeliveryActivities {
    return {
      projectTransition: (t) => this.projection.projectTransition(t),
      recordDeadlineEvent: (e) => this.projection.recordDeadlineEvent(e),
      assessSubmission: (i) => this.rules.assessSubmission(i),
      planDeadlines: (i) => this.rules.planDeadlines(i),
      planCaseDeadlines: (i) => this.rules.planCaseDeadlines(i),
      deliverNotification: (id) => this.delivery.deliverNotification(id),
      markDeliveryFailed: (id) => this.delivery.markDeliveryFailed(id),
    };
  }

  onApplicationBootstrap(): void {
    const worker = this.worker!;
    this.running = worker.run().catch((err: unknown) => {
      this.logger.error({ err }, 'Temporal worker stopped with an error');
      process.exitCode = 1;
    });
    this.logger.log(`Polling task queue ${CASES_TASK_QUEUE}`);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
