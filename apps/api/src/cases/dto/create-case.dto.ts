import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsJurisdiction } from '../../common/validators';
import { DraftDto } from './draft.dto';

export class CreateCaseDto {
  @ApiProperty({ enum: ['mla'], example: 'mla', description: 'Extradition cases follow in a later release.' })
  @IsIn(['mla'])
  kind!: 'mla';

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
