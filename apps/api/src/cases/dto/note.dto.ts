import { ApiProperty } from '@nestjs/swagger';
import { Text } from '../../common/validators';

export class NoteDto {
  @ApiProperty({ example: 'Certified bank statements received by diplomatic pouch.' })
  @Text(5000, { min: 1 })
  note!: string;
}
