import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CursorPageQuery } from '../../common/page-queries';

export const QUEUE_VIEWS = ['all', 'mine', 'unassigned', 'authority'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export class QueueQuery extends CursorPageQuery {
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
}
