import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { Text } from '../../common/validators';

export class NoteDto {
  @ApiProperty({ example: 'Certified bank statements received by diplomatic pouch.' })
  @Text(5000, { min: 1 })
  note!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Share the note with the other state; by default it stays on your side',
  })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}
