import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalText } from '../../common/validators';

export class OffenceDto {
  @ApiPropertyOptional({ example: '21 U.S.C. 841' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  code?: string;

  @ApiPropertyOptional({ example: 'Drug trafficking' })
  @IsString()
  @MaxLength(1000)
  description!: string;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  maxPenaltyYears?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() isTax?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isPolitical?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isMilitary?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() deathPenaltyPossible?: boolean;
}

// The request's content; every field is optional while drafting and checked at submission.
export class DraftDto {
  @ApiPropertyOptional({ example: 'FGR-UEAI-2026-0042', description: 'Office reference; no personal data' })
  @OptionalText(100)
  reference?: string;

  @ApiPropertyOptional({ example: 'Bank records of a shell company used to launder proceeds' })
  @OptionalText(2000)
  summary?: string;

  @ApiPropertyOptional() @OptionalText(500) requestingAuthority?: string;
  @ApiPropertyOptional() @OptionalText(500) investigatingAuthority?: string;
  @ApiPropertyOptional() @OptionalText(2000) subject?: string;
  @ApiPropertyOptional() @OptionalText(20000) factsSummary?: string;
  @ApiPropertyOptional() @OptionalText(10000) assistanceSought?: string;
  @ApiPropertyOptional() @OptionalText(10000) legalProvisions?: string;
  @ApiPropertyOptional() @OptionalText(5000) purpose?: string;
  @ApiPropertyOptional() @OptionalText(10000) personsConcerned?: string;

  @ApiPropertyOptional({ type: [OffenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OffenceDto)
  offences?: OffenceDto[];

  @ApiPropertyOptional({ example: 'es' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter ISO 639-1 code' })
  language?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() urgent?: boolean;

  @ApiPropertyOptional({ example: '2027-03-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  neededBy?: string;

  @ApiPropertyOptional({ example: 'ia-mla-1992' })
  @OptionalText(100)
  basisId?: string;
}
