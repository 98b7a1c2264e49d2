import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { OptionalText } from '../../common/validators';

export class AssignDto {
  @ApiProperty({ format: 'uuid', description: 'The colleague who takes the case (same authority, the holder role)' })
  @IsUUID()
  userId!: string;

  @ApiPropertyOptional({ description: 'Required when a supervisor takes the case from someone else' })
  @OptionalText(2000)
  reason?: string;
}

export class ReleaseDto {
  @ApiPropertyOptional({ description: 'Why the case goes back to the queue' })
  @OptionalText(2000)
  reason?: string;
}
