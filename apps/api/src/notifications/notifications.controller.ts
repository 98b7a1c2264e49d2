import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { caseVisibilityFilter, CurrentUser, type AuthUser } from '@comity/auth';
import { ApiJson, ApiProblems } from '../common/api-responses';
import { RecentQuery } from '../common/page-queries';
import { ProblemException } from '../common/problem';

export class ListNotificationsQuery extends RecentQuery {
  @ApiPropertyOptional({ description: 'Only the ones the caller has not read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

// Notifications addressed to the caller: to one of their roles in their jurisdiction (and their
// authority, where a notice names one), or to them by name (assignments), on cases the caller may
// see, and only of steps their side may see (notifications.visibility). Read state is per person.
function addressedToCaller(user: AuthUser, firstParam: number): { sql: string; params: unknown[]; nextParam: number } {
  const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: firstParam + 4 });
  const p = (i: number) => `$${firstParam + i}`;
  return {
    sql: `((n.recipient_user_id IS NULL AND n.recipient_jurisdiction = ${p(0)} AND n.recipient_role = ANY(${p(1)}::text[])
            AND (n.recipient_authority_id IS NULL OR n.recipient_authority_id = ${p(2)}))
           OR n.recipient_user_id = ${p(3)})
          AND n.visibility IN ('shared', CASE WHEN c.requesting_state = ${p(0)} THEN 'requesting'
                                             WHEN c.requested_state = ${p(0)} THEN 'requested' END)
          AND ${vis.sql}`,
    params: [user.jurisdiction, user.roles, user.authorityId, user.id, ...vis.params],
    nextParam: vis.nextParam,
  };
}

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary:
      "The caller's notifications, newest first: assignments, returns, supplementary-information requests and answers, " +
      'transmissions to their authority, responses, deadline reminders and breaches',
  })
  @ApiJson(200, 'NotificationList', 'The notifications, with how many are unread')
  @ApiProblems(422)
  async list(@CurrentUser() user: AuthUser, @Query() q: ListNotificationsQuery) {
    const to = addressedToCaller(user, 1);
    const limitParam = `$${to.nextParam}`;
    const [rows, [{ unread }]] = await Promise.all([
      this.dataSource.query(
        `SELECT n.id, n.case_id, n.kind, n.recipient_role, n.message, n.created_at, c.reference, c.stage, r.read_at
         FROM notifications n JOIN cases c ON c.id = n.case_id
         LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $4
         WHERE ${to.sql} ${q.unread ? 'AND r.read_at IS NULL' : ''}
         ORDER BY n.created_at DESC, n.id DESC LIMIT ${limitParam}`,
        [...to.params, q.limit ?? 50],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS unread FROM notifications n JOIN cases c ON c.id = n.case_id
         WHERE ${to.sql} AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = $4)`,
        to.params,
      ),
    ]);
    return {
      unread,
      items: rows.map((r: Record<string, unknown>) => ({
        id: String(r.id),
        caseId: r.case_id,
        kind: r.kind,
        role: r.recipient_role,
        message: r.message,
        createdAt: (r.created_at as Date).toISOString(),
        readAt: r.read_at ? (r.read_at as Date).toISOString() : null,
        caseReference: r.reference,
        caseStage: r.stage,
      })),
    };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiParam({ name: 'id', schema: { type: 'string', pattern: '^[0-9]{1,18}$' } })
  @ApiNoContentResponse({ description: 'Marked read (also when it already was)' })
  @ApiProblems(404)
  async markRead(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    if (!/^[0-9]{1,18}$/.test(id)) throw new ProblemException(HttpStatus.NOT_FOUND, 'Notification not found');
    const to = addressedToCaller(user, 2);
    const rows = await this.dataSource.query(
      `INSERT INTO notification_reads (notification_id, user_id, read_at)
       SELECT n.id, $5, now() FROM notifications n JOIN cases c ON c.id = n.case_id WHERE n.id = $1 AND ${to.sql}
       ON CONFLICT DO NOTHING RETURNING notification_id`,
      [id, ...to.params],
    );
    if (rows.length === 0) {
      const [known] = await this.dataSource.query(
        `SELECT 1 FROM notification_reads WHERE notification_id = $1 AND user_id = $2`,
        [id, user.id],
      );
      // Already read is fine; a notification that is not the caller's does not exist for them.
      if (!known) throw new ProblemException(HttpStatus.NOT_FOUND, 'Notification not found');
    }
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification of yours read' })
  @ApiJson(200, 'NotificationsMarked', 'How many were marked read')
  async markAllRead(@CurrentUser() user: AuthUser) {
    const to = addressedToCaller(user, 1);
    const rows = await this.dataSource.query(
      `INSERT INTO notification_reads (notification_id, user_id, read_at)
       SELECT n.id, $4, now() FROM notifications n JOIN cases c ON c.id = n.case_id WHERE ${to.sql}
       ON CONFLICT DO NOTHING RETURNING notification_id`,
      to.params,
    );
    return { marked: rows.length };
  }
}
