import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class NoteDto {
  @ApiProperty({ example: 'Certified bank statements received by diplomatic pouch.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  note!: string;
}
