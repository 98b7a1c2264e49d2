import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID, IsUrl, MaxLength } from 'class-validator';
import { NOTIFICATION_KINDS } from '@comity/notifications';

export class CreateWebhookDto {
  @ApiProperty({ format: 'uuid', description: 'The authority whose notifications are sent' })
  @IsUUID()
  authorityId!: string;

  @ApiProperty({ example: 'https://cms.example.gov/comity/hooks', description: 'http(s) URL; receives POSTs' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true, description: 'Only these kinds; all when empty' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @IsIn(NOTIFICATION_KINDS, { each: true })
  kinds?: string[];
}
