import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { CERTIFICATION_KINDS, type CertificationKind } from '@comity/documents';
import { IsIsoDay, Line } from '../../common/validators';

export class CertificationDto {
  @ApiProperty({ enum: CERTIFICATION_KINDS, description: 'An authenticated copy, or one with an apostille' })
  @IsIn(CERTIFICATION_KINDS)
  kind!: CertificationKind;

  @ApiProperty({ example: 'Secretaría de Relaciones Exteriores' })
  @Line(300, { min: 1 })
  issuedBy!: string;

  @ApiProperty({ example: '2026-05-04', format: 'date' })
  @IsIsoDay()
  issuedOn!: string;

  @ApiPropertyOptional({ example: 'APOST-2026-0042' })
  @Line(200, { optional: true })
  reference?: string;

  @ApiPropertyOptional({ description: 'The version certified; the current one by default' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
