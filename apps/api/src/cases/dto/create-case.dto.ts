import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { CASE_KIND_NAMES, type CaseKindName } from '@comity/contracts';
import { IsJurisdiction } from '../../common/validators';
import { DraftDto } from './draft.dto';

export class CreateCaseDto {
  @ApiProperty({
    enum: CASE_KIND_NAMES,
    example: 'mla',
    description:
      'mla; extradition (draft.requestType required); foreign_prosecution (a request that Mexico prosecute at home, Mexican Federal Penal Code art. 4)',
  })
  @IsIn(CASE_KIND_NAMES)
  kind!: CaseKindName;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 code of the requested state' })
  @IsJurisdiction()
  requestedState!: string;

  @ApiPropertyOptional({ description: 'Send the draft through the office supervisor before the central authority' })
  @IsOptional()
  @IsBoolean()
  internalReview?: boolean;

  @ApiPropertyOptional({ type: () => DraftDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DraftDto)
  draft?: DraftDto;
}
