import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CASE_KINDS, type CaseKind } from '@comity/domain';
import {
  AUTHORITY_KINDS,
  INSTRUMENT_KINDS,
  type AuthorityKind,
  type InstrumentKind,
} from '@comity/treaty-rules';
import { IsCountryCode, IsIsoDay } from '../../common/validators';

export class AuthoritiesQuery {
  @ApiPropertyOptional({ example: 'HN' }) @IsOptional() @IsCountryCode() jurisdiction?: string;

  @ApiPropertyOptional({ enum: AUTHORITY_KINDS })
  @IsOptional()
  @IsIn(AUTHORITY_KINDS)
  kind?: AuthorityKind;
}

export class InstrumentsQuery {
  @ApiPropertyOptional({ example: '2026-03-02', description: 'Status at this date; default today (UTC)' })
  @IsOptional()
  @IsIsoDay()
  at?: string;

  @ApiPropertyOptional({ example: 'HN', description: 'Only instruments recording this state as a party' })
  @IsOptional()
  @IsCountryCode()
  jurisdiction?: string;

  @ApiPropertyOptional({ enum: INSTRUMENT_KINDS })
  @IsOptional()
  @IsIn(INSTRUMENT_KINDS)
  kind?: InstrumentKind;
  @ApiPropertyOptional({ enum: CASE_KINDS }) @IsOptional() @IsIn(CASE_KINDS) scope?: CaseKind;
}

export class InstrumentQuery {
  @ApiPropertyOptional({ example: '2026-03-02', description: 'Status at this date; default today (UTC)' })
  @IsOptional()
  @IsIsoDay()
  at?: string;
}
