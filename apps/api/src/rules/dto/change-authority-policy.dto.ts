import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PERIOD_UNITS, type PeriodUnit } from '@comity/treaty-rules';
import { Line, Text } from '../../common/validators';

export class ChangeAuthorityPolicyDto {
  @ApiProperty({
    example: 'deadline:central-authority-review',
    description:
      "'deadline:<step>' sets the period of a platform default deadline (e.g. the internal review period); 'house-templates' the content templates the authority asks for on top of the law",
  })
  @Matches(/^(house-templates|deadline:[a-z][a-z-]{1,60})$/, { message: "key must be 'house-templates' or 'deadline:<step>'" })
  key!: string;

  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: 3650, description: 'The period (deadline keys)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  amount?: number;

  @ApiPropertyOptional({ enum: PERIOD_UNITS, example: 'business', description: "The period's unit; defaults to the platform default's" })
  @IsOptional()
  @IsIn(PERIOD_UNITS)
  unit?: PeriodUnit;

  @ApiPropertyOptional({ type: [String], example: ['core', 'doj-crm-275'], description: 'Content template ids (house-templates)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Line(60, { optional: true, each: true })
  templates?: string[];

  @ApiPropertyOptional({ default: false, description: 'Return the key to the platform default' })
  @IsOptional()
  @IsBoolean()
  clear?: boolean;

  @ApiProperty({ example: 'Internal circular 4/2026: legal review within five business days' })
  @Text(2000, { min: 3 })
  reason!: string;
}
