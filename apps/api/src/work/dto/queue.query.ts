import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const QUEUE_VIEWS = ['all', 'mine', 'unassigned', 'authority'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export class QueueQuery {
  @ApiPropertyOptional({
    enum: QUEUE_VIEWS,
    default: 'all',
    description:
      'all: every case whose next action is a role of yours in your state (and your authority, when the holder names one); ' +
      'mine: assigned to you; unassigned: assigned to no one; authority: held by your authority or assigned to someone in it',
  })
  @IsOptional()
  @IsIn(QUEUE_VIEWS)
  view?: QueueView;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/, { message: 'cursor must come from a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ default: 25, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
