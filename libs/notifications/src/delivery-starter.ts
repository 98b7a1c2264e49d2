import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CASES_TASK_QUEUE } from '@comity/contracts';
import type { NotificationsConfig } from '@comity/config';
import type { DeliveryWorkflowInput } from '../../../workflows/src/notifications/delivery.activities';
import { DELIVERY_WORKFLOW_TYPE, deliveryWorkflowId } from './notification-kinds';

// Starts one delivery workflow per recorded delivery, after the transaction that recorded it has
// committed. Starting is idempotent (the workflow id is the delivery's), so a retried writer, or
// the sweep of deliveries that were recorded but never started (the process died in between),
// may start the same delivery again: Temporal runs it once.
@Injectable()
export class DeliveryStarter {
  private readonly logger = new Logger(DeliveryStarter.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  async start(deliveryIds: readonly string[]): Promise<void> {
    const settings = this.config.getOrThrow<NotificationsConfig>('notifications');
    for (const deliveryId of deliveryIds) {
      const input: DeliveryWorkflowInput = {
        deliveryId,
        initialIntervalMs: settings.retryInitialMs,
        maximumAttempts: settings.maxAttempts,
        timeoutMs: settings.timeoutMs,
      };
      try {
        await this.client.workflow.start(DELIVERY_WORKFLOW_TYPE, {
          taskQueue: CASES_TASK_QUEUE,
          workflowId: deliveryWorkflowId(deliveryId),
          args: [input],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
          // Left unstarted: the sweep starts it later.
          this.logger.warn({ deliveryId, err: (err as Error).message }, 'Delivery not started yet');
          continue;
        }
      }
      await this.dataSource.query(
        `UPDATE notification_deliveries SET started_at = now() WHERE id = $1 AND started_at IS NULL`,
        [deliveryId],
      );
    }
  }

  /** Starts the deliveries recorded at least `olderThanMs` ago that were never started. */
  async sweep(olderThanMs = 30_000): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification_deliveries
       WHERE started_at IS NULL AND created_at < now() - make_interval(secs => $1::float / 1000)
       ORDER BY created_at LIMIT 500`,
      [olderThanMs],
    );
    await this.start(rows.map((r) => r.id));
    return rows.length;
  }
}
