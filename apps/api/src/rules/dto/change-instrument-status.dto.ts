import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  CONFIDENCES,
  INSTRUMENT_STATUSES,
  type Confidence,
  type InstrumentStatus,
} from '@comity/treaty-rules';
import { IsIsoDay, OptionalLine, OptionalText, Text } from '../../common/validators';

export class ChangeInstrumentStatusDto {
  @ApiProperty({ enum: INSTRUMENT_STATUSES, example: 'suspended' })
  @IsIn(INSTRUMENT_STATUSES)
  status!: InstrumentStatus;

  @ApiProperty({
    example: '2026-04-01',
    description:
      'The status holds from this day until a later change; bundled periods from this day on give way',
  })
  @IsIsoDay()
  effectiveFrom!: string;

  @ApiProperty({ example: 'Diplomatic note of 2026-03-20 suspending the convention' })
  @Text(2000, { min: 3 })
  reason!: string;

  @ApiPropertyOptional({
    example: 'Diplomatic note No. 123/2026 (Secretaría de Relaciones Exteriores de Honduras)',
  })
  @OptionalText(500)
  source?: string;

  @ApiPropertyOptional({ example: 'Art. XIV' }) @OptionalLine(200) article?: string;

  @ApiPropertyOptional({
    enum: CONFIDENCES,
    default: 'unconfirmed',
    description: "How well the source establishes the change; 'confirmed' (no warning) needs a source",
  })
  @IsOptional()
  @IsIn(CONFIDENCES)
  confidence?: Confidence;
}
