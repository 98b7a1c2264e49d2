import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '@comity/config';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, WebhookSecrets } from '@comity/notifications';
import type { DeliveryActivities } from '../../../../../workflows/src/notifications/delivery.activities';

interface DeliveryRow {
  id: string;
  channel: 'webhook' | 'email';
  recipient: string;
  status: string;
  notification_id: string;
  kind: string;
  message: string;
  created_at: Date;
  case_id: string;
  reference: string | null;
  stage: string;
  subscription_id: string | null;
  url: string | null;
  secret_sealed: string | null;
  active: boolean | null;
}

/** What a webhook receives: ids, codes and the notice's text; never a draft or a person. */
export interface WebhookPayload {
  deliveryId: string;
  notificationId: string;
  kind: string;
  caseId: string;
  caseReference: string | null;
  caseStage: string;
  message: string;
  createdAt: string;
}

// One attempt per call: the webhook POST or the e-mail, each attempt written to the delivery log
// (notification_delivery_attempts) whatever its outcome, so an administrator sees the retries.
@Injectable()
export class DeliveryActivitiesImpl implements DeliveryActivities {
  private transport?: Transporter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly secrets: WebhookSecrets,
  ) {}

  private get settings(): NotificationsConfig {
    return this.config.getOrThrow<NotificationsConfig>('notifications');
  }

  async deliverNotification(deliveryId: string): Promise<void> {
    const d = await this.load(deliveryId);
    if (!d || d.status === 'delivered') return;
    if (d.channel === 'webhook' && (!d.url || !d.active)) {
      await this.finish(deliveryId, 'failed', 'the subscription was removed');
      throw ApplicationFailure.create({ type: 'DeliveryCancelled', message: 'subscription removed', nonRetryable: true });
    }
    const attempt = Context.current().info.attempt;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      if (d.channel === 'webhook') statusCode = await this.post(d);
      else await this.mail(d);
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
    }
    const failed = error !== null || (statusCode !== null && (statusCode < 200 || statusCode >= 300));
    if (failed && error === null) error = `receiver answered ${statusCode}`;
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO notification_delivery_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
         VALUES ($1, $2, now(), $3, $4, $5) ON CONFLICT DO NOTHING`,
        [deliveryId, attempt, statusCode, error, Date.now() - started],
      );
      await em.query(
        `UPDATE notification_deliveries SET attempts = GREATEST(attempts, $2), last_error = $3,
                status = CASE WHEN $4 THEN status ELSE 'delivered' END,
                delivered_at = CASE WHEN $4 THEN delivered_at ELSE now() END
         WHERE id = $1`,
        [deliveryId, attempt, error, failed],
      );
    });
    if (failed) throw ApplicationFailure.create({ type: 'DeliveryFailed', message: error! });
  }

  async markDeliveryFailed(deliveryId: string): Promise<void> {
    await this.finish(deliveryId, 'failed', null);
  }

  private async finish(deliveryId: string, status: 'failed', error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_deliveries SET status = $2, last_error = COALESCE($3, last_error)
       WHERE id = $1 AND status = 'pending'`,
      [deliveryId, status, error],
    );
  }

  private async load(deliveryId: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT d.id, d.channel, d.recipient, d.status, n.id AS notification_id, n.kind, n.message, n.created_at,
              c.id AS case_id, c.reference, c.stage, d.subscription_id, w.url, w.secret_sealed, w.active
       FROM notification_deliveries d
       JOIN notifications n ON n.id = d.notification_id
       JOIN cases c ON c.id = n.case_id
       LEFT JOIN webhook_subscriptions w ON w.id = d.subscription_id
       WHERE d.id = $1`,
      [deliveryId],
    );
    return row as DeliveryRow | undefined;
  }

  private payload(d: DeliveryRow): WebhookPayload {
    return {
      deliveryId: d.id,
      notificationId: String(d.notification_id),
      kind: d.kind,
      caseId: d.case_id,
      caseReference: d.reference,
      caseStage: d.stage,
      message: d.message,
      createdAt: d.created_at.toISOString(),
    };
  }

  private async post(d: DeliveryRow): Promise<number> {
    const body = JSON.stringify(this.payload(d));
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(d.url!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(this.secrets.open(d.secret_sealed!, d.subscription_id!), timestamp, body),
        [DELIVERY_HEADER]: d.id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  }

  private async mail(d: DeliveryRow): Promise<void> {
    const { smtpUrl, smtpFrom, timeoutMs } = this.settings;
    if (!smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, socketTimeout: timeoutMs });
    const p = this.payload(d);
    await this.transport.sendMail({
      from: smtpFrom,
      to: d.recipient,
      subject: `[Comity] ${p.caseReference ?? p.caseId}: ${p.kind.replace(/_/g, ' ')}`,
      text: `${p.message}\n\nCase ${p.caseReference ?? ''} (${p.caseId}), stage ${p.caseStage}.\n`,
      headers: { [DELIVERY_HEADER]: d.id },
    });
  }
}
