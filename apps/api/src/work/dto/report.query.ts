import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `?format=csv` (or `Accept: text/csv`) answers CSV instead of JSON. */
export class FormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same rows as CSV (also with Accept: text/csv)' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ enum: ['mla', 'extradition'] })
  @IsOptional()
  @IsIn(['mla', 'extradition'])
  kind?: string;
}

export class TopQuery extends FormatQuery {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class PeriodQuery extends FormatQuery {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month (YYYY-MM, UTC); default: 11 months before `to`' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month, YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, included (YYYY-MM, UTC); default: this month' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month, YYYY-MM' })
  to?: string;
}

export class StageTimesQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['pair', 'authority'], default: 'pair', description: 'authority: the requesting office' })
  @IsOptional()
  @IsIn(['pair', 'authority'])
  groupBy?: 'pair' | 'authority';

  @ApiPropertyOptional({ enum: ['calendar', 'business'], default: 'calendar', description: "business: the holder's business days" })
  @IsOptional()
  @IsIn(['calendar', 'business'])
  metric?: 'calendar' | 'business';
}
