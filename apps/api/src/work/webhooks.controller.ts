import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog } from '@comity/audit';
import { CurrentUser, Roles, type AuthUser } from '@comity/auth';
import { WebhookSecrets } from '@comity/notifications';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { RecentQuery } from '../common/page-queries';
import { ProblemException } from '../common/problem';
import { CreateWebhookDto } from './dto/webhook.dto';

interface WebhookRow {
  id: string;
  authority_id: string;
  url: string;
  kinds: string[];
  active: boolean;
  created_at: Date;
}

function toView(r: WebhookRow) {
  return { id: r.id, authorityId: r.authority_id, url: r.url, kinds: r.kinds, active: r.active, createdAt: r.created_at.toISOString() };
}

// Outbound webhooks per authority, for national case systems and e-mail gateways (platform
// administrators). The signing secret is shown once, when the webhook is created.
@ApiTags('admin')
@Roles('admin')
@ApiProblems(403)
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly secrets: WebhookSecrets,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Webhooks of every authority' })
  @ApiJson(200, 'WebhookList', 'The webhooks (without their secrets)')
  async list() {
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT id, authority_id, url, kinds, active, created_at FROM webhook_subscriptions ORDER BY created_at, id`,
    );
    return { items: rows.map(toView) };
  }

  @Post()
  @ApiOperation({
    summary: "Send an authority's notifications to a URL, signed with HMAC-SHA256",
    description:
      'Each delivery is a POST of JSON with `X-Comity-Timestamp` (Unix seconds), `X-Comity-Signature` ' +
      '(`sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the secret) and `X-Comity-Delivery` (its id). ' +
      'A 2xx answer delivers it; anything else is retried with exponential backoff.',
  })
  @ApiJson(201, 'CreatedWebhook', 'The webhook and its secret (shown only now)')
  @ApiProblems(422)
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookDto) {
    const [authority] = await this.dataSource.query(`SELECT id FROM authorities WHERE id = $1`, [dto.authorityId]);
    if (!authority) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'no such authority', [
        { field: 'authorityId', messages: ['must be an existing authority'] },
      ]);
    }
    // Shown once, in clear; stored sealed for this subscription (the worker opens it to sign).
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const [row]: WebhookRow[] = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions (id, authority_id, url, secret_sealed, kinds, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, authority_id, url, kinds, active, created_at`,
      [id, dto.authorityId, dto.url, this.secrets.seal(secret, id), dto.kinds ?? [], user.id],
    );
    await this.audit.record({
      caseId: null,
      action: 'admin.webhook.create',
      actorId: user.id,
      details: { webhookId: row.id, authorityId: row.authority_id, kinds: row.kinds },
    });
    return { ...toView(row), secret };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop a webhook; deliveries not yet made are given up' })
  @ApiNoContentResponse({ description: 'Stopped' })
  @ApiProblems(404)
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const rows = await this.dataSource.query(
      `UPDATE webhook_subscriptions SET active = false WHERE id = $1 AND active RETURNING id`,
      [id],
    );
    if (rows.length === 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'Webhook not found');
    await this.audit.record({ caseId: null, action: 'admin.webhook.remove', actorId: user.id, details: { webhookId: id } });
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's delivery log, newest first, with every attempt" })
  @ApiJson(200, 'DeliveryList', 'Deliveries and their attempts')
  @ApiProblems(404, 422)
  async deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() q: RecentQuery) {
    const [hook] = await this.dataSource.query(`SELECT id FROM webhook_subscriptions WHERE id = $1`, [id]);
    if (!hook) throw new ProblemException(HttpStatus.NOT_FOUND, 'Webhook not found');
    const rows = await this.dataSource.query(
      `SELECT d.id, d.notification_id, n.kind, n.case_id, d.status, d.attempts, d.created_at, d.delivered_at, d.last_error,
              COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code,
                                                          'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                        FROM notification_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS history
       FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE d.subscription_id = $1 ORDER BY d.created_at DESC, d.id LIMIT $2`,
      [id, q.limit ?? 50],
    );
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id,
        notificationId: String(r.notification_id),
        kind: r.kind,
        caseId: r.case_id,
        status: r.status,
        attempts: r.attempts,
        createdAt: (r.created_at as Date).toISOString(),
        deliveredAt: r.delivered_at ? (r.delivered_at as Date).toISOString() : null,
        lastError: r.last_error ?? null,
        history: (r.history as { at: string }[]).map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
      })),
    };
  }
}
