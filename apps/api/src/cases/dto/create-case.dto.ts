import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { CASE_KINDS, type CaseKind } from '@comity/domain';

export class CreateCaseDto {
  @ApiProperty({ enum: CASE_KINDS, example: 'mla' })
  @IsIn(CASE_KINDS)
  kind!: CaseKind;

  @ApiProperty({ example: 'HN', description: 'ISO 3166-1 alpha-2 code of the requesting state' })
  @Matches(/^[A-Z]{2}$/, { message: 'requestingState must be a two-letter country code' })
  requestingState!: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 code of the requested state' })
  @Matches(/^[A-Z]{2}$/, { message: 'requestedState must be a two-letter country code' })
  requestedState!: string;
}
