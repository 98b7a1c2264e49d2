import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { CASE_KINDS, type CaseKind } from '@comity/domain';
import { DEADLINE_TRIGGERS, type ClockStop, type DeadlineTrigger, type DraftRequest } from '@comity/treaty-rules';
import { DiffersFrom, IsIsoDay, IsIsoDayOrInstant, IsIsoInstant, IsJurisdiction, OptionalText } from '../../common/validators';
import { DraftDto } from '../../cases/dto/draft.dto';

export class ClockStopDto implements ClockStop {
  @ApiProperty({ example: '2026-02-01T00:00:00Z' }) @IsIsoInstant() from!: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoInstant() to?: string;
  @ApiPropertyOptional() @OptionalText(500) reason?: string;
}

// One optional instant per procedural event the rules know.
const EventsDto = { EventsDto: class {} }.EventsDto as new () => Partial<Record<DeadlineTrigger, string>>;
for (const trigger of DEADLINE_TRIGGERS) {
  for (const decorate of [
    IsOptional(),
    IsIsoDayOrInstant(),
    ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the procedural event happened' }),
  ]) {
    decorate(EventsDto.prototype, trigger);
  }
}

// The one draft model, plus who asks whom, for what kind of case, and at what date.
export class EvaluateDraftDto extends DraftDto {
  @ApiProperty({ example: 'HN', description: 'ISO 3166-1 alpha-2 code of a state the platform serves' })
  @IsJurisdiction()
  requestingState!: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 code of a state the platform serves' })
  @IsJurisdiction()
  @DiffersFrom('requestingState')
  requestedState!: string;

  @ApiProperty({ enum: CASE_KINDS, example: 'mla' })
  @IsIn(CASE_KINDS)
  kind!: CaseKind;

  @ApiPropertyOptional({
    example: '2026-03-02',
    description: 'Date of the request (instrument status is judged at it); default today',
  })
  @IsOptional()
  @IsIsoDay()
  date?: string;

  @ApiPropertyOptional({ type: EventsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventsDto)
  events?: Partial<Record<DeadlineTrigger, string>>;

  @ApiPropertyOptional({ type: [ClockStopDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ClockStopDto)
  clockStops?: ClockStopDto[];
}

// Fails to compile when DraftRequest gains a field this DTO does not accept.
const _everyDraftField: [Exclude<keyof DraftRequest, keyof EvaluateDraftDto>] extends [never] ? true : never =
  true;

export function toDraftRequest(dto: EvaluateDraftDto): DraftRequest {
  return { ...dto, offences: dto.offences ?? [] } satisfies DraftRequest;
}

// The body example in the OpenAPI document: Honduras asks the United States for bank records.
export const EVALUATE_EXAMPLE = {
  requestingState: 'HN',
  requestedState: 'US',
  kind: 'mla',
  date: '2026-03-02',
  offences: [
    {
      code: 'Art. 36 Ley Especial contra el Lavado de Activos',
      description: 'Laundering of proceeds of drug trafficking through US bank accounts',
      maxPenaltyYears: 20,
      categories: ['money-laundering'],
      committedIn: 'HN',
    },
  ],
  requestingAuthority: 'Ministerio Público de Honduras, Fiscalía Especial contra el Crimen Organizado',
  investigatingAuthority: 'Fiscalía Especial contra el Crimen Organizado (FESCCO)',
  subject: 'Money-laundering investigation into a network moving drug proceeds through US banks',
  factsSummary: 'Between 2023 and 2025 the suspects moved USD 4 million through three accounts in Miami.',
  assistanceSought: 'Certified statements and account-opening records of three accounts at a Miami bank',
  assistanceTypes: ['records'],
  legalProvisions: 'Ley Especial contra el Lavado de Activos (Decreto 144-2014), art. 36',
  purpose:
    'Evidence for the criminal proceedings before the Juzgado de Letras Penal con Competencia Nacional',
  language: 'es',
  translationsProvided: ['en'],
} satisfies EvaluateDraftDto & { kind: CaseKind };
