import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsIsoInstant, OptionalLine, OptionalText } from '../../common/validators';

export class ActionDto {
  @ApiPropertyOptional({
    example: 'Please add the account numbers and the period covered.',
    description: 'Reasons (return, reject, withdraw, extend_deadline), grounds (refuse), the questions or the answer (supplementary information)',
  })
  @OptionalText(10000)
  reason?: string;

  @ApiPropertyOptional({ enum: ['executed', 'partially_executed'], description: 'For record_final_response' })
  @IsOptional()
  @IsIn(['executed', 'partially_executed'])
  result?: 'executed' | 'partially_executed';

  @ApiPropertyOptional({ example: 'execution-target', description: 'For extend_deadline: the key of one of the case\'s deadlines' })
  @OptionalLine(100)
  deadlineKey?: string;

  @ApiPropertyOptional({ example: '2027-06-30T00:00:00Z', description: 'For extend_deadline' })
  @IsOptional()
  @IsIsoInstant()
  newDueAt?: string;
}
