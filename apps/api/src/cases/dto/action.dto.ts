import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { APPEAL_REMEDIES, LINK_RELATIONS, TRANSMISSION_CHANNELS, type CaseLink, type LinkRelation, type TransmissionDetails, type TransmissionChannel } from '@comity/contracts';
import { IsIsoInstant, Line, OptionalLine, OptionalText } from '../../common/validators';

// The fields of every action of every kind; which an action needs (and whether the case's stage
// allows it) is the case's machine's to say, in the workflow's Update validator.

export class TransmissionDto implements TransmissionDetails {
  @ApiPropertyOptional({ enum: TRANSMISSION_CHANNELS, example: 'diplomatic_note' })
  @IsOptional()
  @IsIn(TRANSMISSION_CHANNELS)
  channel?: TransmissionChannel;

  @ApiPropertyOptional({ example: 'DOS-LEI-2026-0173', description: 'The note or reference number of the sending side' })
  @OptionalLine(100)
  referenceNumber?: string;

  @ApiPropertyOptional({ example: '2026-12-01T15:00:00Z' })
  @IsOptional()
  @IsIsoInstant()
  sentAt?: string;

  @ApiPropertyOptional({ example: '2026-12-02T09:30:00Z' })
  @IsOptional()
  @IsIsoInstant()
  receivedAt?: string;

  @ApiPropertyOptional({ example: 'SRE-DGAJ-5521', description: "The receiving side's own reference" })
  @OptionalLine(100)
  counterpartReference?: string;
}

export class LinkDto implements CaseLink {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;

  @ApiProperty({ enum: LINK_RELATIONS })
  @IsIn(LINK_RELATIONS)
  relation!: LinkRelation;
}

export class ActionDto {
  @ApiPropertyOptional({
    example: 'Please add the account numbers and the period covered.',
    description: 'Reasons (return, reject, withdraw, extend_deadline, refuse, release, appeal rulings), the questions or the answer (supplementary information)',
  })
  @OptionalText(10000)
  reason?: string;

  @ApiPropertyOptional({
    enum: ['executed', 'partially_executed', 'dismissed', 'upheld'],
    description: 'record_final_response (executed, partially_executed); resolve_appeal (dismissed, upheld)',
  })
  @IsOptional()
  @IsIn(['executed', 'partially_executed', 'dismissed', 'upheld'])
  result?: 'executed' | 'partially_executed' | 'dismissed' | 'upheld';

  @ApiPropertyOptional({ example: 'execution-target', description: 'For extend_deadline: the key of one of the case\'s deadlines' })
  @OptionalLine(100)
  deadlineKey?: string;

  @ApiPropertyOptional({ example: '2027-06-30T00:00:00Z', description: 'For extend_deadline' })
  @IsOptional()
  @IsIsoInstant()
  newDueAt?: string;

  @ApiPropertyOptional({ type: TransmissionDto, description: 'transmit, transmit_formal_request, record_transmission_details' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransmissionDto)
  transmission?: TransmissionDto;

  @ApiPropertyOptional({ type: LinkDto, description: 'link_case: the other case (one the caller may see)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LinkDto)
  link?: LinkDto;

  @ApiPropertyOptional({ example: '2026-12-03T06:40:00Z', description: 'record_arrest: when the person was arrested' })
  @IsOptional()
  @IsIsoInstant()
  arrestedAt?: string;

  @ApiPropertyOptional({ example: 'Ciudad de México', description: 'record_arrest, record_surrender: where' })
  @OptionalLine(300)
  place?: string;

  @ApiPropertyOptional({ enum: ['favourable', 'unfavourable'], description: "record_judge_opinion: the Mexican judge's opinion" })
  @IsOptional()
  @IsIn(['favourable', 'unfavourable'])
  opinion?: 'favourable' | 'unfavourable';

  @ApiPropertyOptional({ example: ['nationality'], description: 'refuse (extradition): the grounds of refusal' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Line(200, { each: true })
  grounds?: string[];

  @ApiPropertyOptional({ description: 'refuse (extradition, MX requested): open a linked art. 4 domestic-prosecution case' })
  @IsOptional()
  @IsBoolean()
  domesticProsecution?: boolean;

  @ApiPropertyOptional({ enum: APPEAL_REMEDIES, description: 'file_appeal' })
  @IsOptional()
  @IsIn(APPEAL_REMEDIES)
  remedy?: (typeof APPEAL_REMEDIES)[number];

  @ApiPropertyOptional({ example: '2027-03-01T00:00:00Z', description: 'temporary_surrender: the agreed return date' })
  @IsOptional()
  @IsIsoInstant()
  returnDueAt?: string;

  @ApiPropertyOptional({ example: '2027-01-20T14:00:00Z', description: 'record_surrender: when' })
  @IsOptional()
  @IsIsoInstant()
  surrenderedAt?: string;

  @ApiPropertyOptional({ example: ['US Marshals Service'], description: 'record_surrender: the escorts' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Line(200, { each: true })
  escorts?: string[];
}
