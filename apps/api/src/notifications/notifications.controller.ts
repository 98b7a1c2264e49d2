import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { caseVisibilityFilter, CurrentUser, type AuthUser } from '@comity/auth';
import { ApiJson, ApiProblems } from '../common/api-responses';

export class ListNotificationsQuery {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

// Reminders and escalations addressed to one of the caller's roles in their jurisdiction (and
// their authority, where a notice names one), on cases the caller may see.
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Deadline reminders and escalations for the caller, newest first' })
  @ApiJson(200, 'NotificationList', 'The notifications')
  @ApiProblems(422)
  async list(@CurrentUser() user: AuthUser, @Query() q: ListNotificationsQuery) {
    const vis = caseVisibilityFilter(user, { alias: 'c', firstParam: 4 });
    const rows = await this.dataSource.query(
      `SELECT n.id, n.case_id, n.kind, n.recipient_role, n.message, n.created_at, c.reference, c.stage
       FROM notifications n JOIN cases c ON c.id = n.case_id
       WHERE n.recipient_jurisdiction = $1 AND n.recipient_role = ANY($2::text[])
         AND (n.recipient_authority_id IS NULL OR n.recipient_authority_id = $3)
         AND ${vis.sql}
       ORDER BY n.created_at DESC, n.id DESC LIMIT $${vis.nextParam}`,
      [user.jurisdiction, user.roles, user.authorityId, ...vis.params, q.limit ?? 50],
    );
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        id: String(r.id),
        caseId: r.case_id,
        kind: r.kind,
        role: r.recipient_role,
        message: r.message,
        createdAt: (r.created_at as Date).toISOString(),
        caseReference: r.reference,
        caseStage: r.stage,
      })),
    };
  }
}
