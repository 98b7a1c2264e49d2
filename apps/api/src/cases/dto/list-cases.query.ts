import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { CASE_KIND_NAMES, CASE_STAGES, ROLES } from '@comity/contracts';
import { CursorPageQuery } from '../../common/page-queries';
import { IsIsoDay, OptionalLine } from '../../common/validators';

export class ListCasesQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: CASE_STAGES }) @IsOptional() @IsIn(CASE_STAGES) stage?: string;

  @ApiPropertyOptional({ example: 'HN-US', description: 'requesting-requested' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z]{2}$/, { message: 'pair must look like HN-US' })
  pair?: string;

  @ApiPropertyOptional({ enum: CASE_KIND_NAMES }) @IsOptional() @IsIn(CASE_KIND_NAMES) kind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: ROLES, description: 'Role that holds the case now' })
  @IsOptional()
  @IsIn(ROLES)
  holderRole?: string;

  @ApiPropertyOptional({ example: 'US', description: 'Jurisdiction that holds the case now' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  holderJurisdiction?: string;

  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsIsoDay() createdFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsIsoDay() createdTo?: string;

  @ApiPropertyOptional({ description: 'Text in the reference or the summary' })
  @OptionalLine(200)
  q?: string;
}
