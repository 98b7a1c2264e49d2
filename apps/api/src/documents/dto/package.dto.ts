import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const LATER_PACKAGE_OCCASIONS = ['supplementary_answer', 'partial_response', 'final_response', 'evidence', 'correspondence'] as const;
export type LaterPackageOccasion = (typeof LATER_PACKAGE_OCCASIONS)[number];

export class SendPackageDto {
  @ApiPropertyOptional({ enum: LATER_PACKAGE_OCCASIONS, default: 'correspondence', description: 'What the package answers or carries' })
  @IsOptional()
  @IsIn(LATER_PACKAGE_OCCASIONS)
  occasion?: LaterPackageOccasion;
}
