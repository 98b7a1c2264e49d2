import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { DraftDto } from './draft.dto';

export class CreateCaseDto {
  @ApiProperty({ enum: ['mla'], example: 'mla', description: 'Extradition cases follow in a later release.' })
  @IsIn(['mla'])
  kind!: 'mla';

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 code of the requested state' })
  @Matches(/^[A-Z]{2}$/, { message: 'requestedState must be a two-letter country code' })
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
