import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

export class ActionDto {
  @ApiPropertyOptional({
    example: 'Please add the account numbers and the period covered.',
    description: 'Reasons (return, reject, withdraw, extend_deadline), grounds (refuse), the questions or the answer (supplementary information)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  reason?: string;

  @ApiPropertyOptional({ enum: ['executed', 'partially_executed'], description: 'For record_final_response' })
  @IsOptional()
  @IsIn(['executed', 'partially_executed'])
  result?: 'executed' | 'partially_executed';

  @ApiPropertyOptional({ example: 'response_target', description: 'For extend_deadline' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  deadlineKey?: string;

  @ApiPropertyOptional({ example: '2027-06-30T00:00:00Z', description: 'For extend_deadline' })
  @IsOptional()
  @IsISO8601({ strict: true })
  newDueAt?: string;
}
