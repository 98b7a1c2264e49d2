import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CASE_KINDS, type CaseKind } from '@comity/domain';
import {
  ASSISTANCE_TYPES,
  DEADLINE_TRIGGERS,
  OFFENCE_CATEGORIES,
  type AssistanceType,
  type DeadlineTrigger,
  type DraftRequest,
  type ExtraditionDocument,
  type OffenceCategory,
} from '@comity/treaty-rules';
import { IsCountryCode, IsIsoDay, IsTextOrFlag, OptionalText } from '../../common/validators';

// Mirrors DraftRequest of @comity/treaty-rules; `satisfies` checks below keep the two in step.

const LANGUAGE = /^[a-z]{2}$/;
const languageMessage = { message: 'must be a two-letter ISO 639-1 code (e.g. es)' };

export class DraftOffenceDto {
  @ApiPropertyOptional({ example: 'Art. 194 CPF' }) @OptionalText(200) code?: string;
  @ApiPropertyOptional({ example: 'Conspiracy to import cocaine' }) @OptionalText(2000) description?: string;

  @ApiPropertyOptional({ example: 20 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1000)
  maxPenaltyYears?: number;

  @ApiPropertyOptional({ description: 'Enforcement of a sentence: months still to serve' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  remainingSentenceMonths?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() isPolitical?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isMilitary?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isTax?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() deathPenaltyPossible?: boolean;

  @ApiPropertyOptional({ enum: OFFENCE_CATEGORIES, isArray: true, example: ['drug-trafficking'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(OFFENCE_CATEGORIES.length)
  @IsIn(OFFENCE_CATEGORIES, { each: true })
  categories?: OffenceCategory[];

  @ApiPropertyOptional({ example: 'HN' }) @IsOptional() @IsCountryCode() committedIn?: string;
  @ApiPropertyOptional({ example: '2025-11-03' }) @IsOptional() @IsIsoDay() offenceDate?: string;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1000)
  limitationPeriodYears?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() punishableInRequestedState?: boolean;
}

export class PersonSoughtDto {
  @ApiProperty({ example: ['HN'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsCountryCode(true)
  nationalities!: string[];

  @ApiPropertyOptional() @OptionalText(300) name?: string;
}

export class PersonConcernedDto {
  @ApiPropertyOptional() @OptionalText(300) name?: string;
  @ApiPropertyOptional() @OptionalText(100) nationality?: string;
  @ApiPropertyOptional() @OptionalText(500) location?: string;
}

export class ClockStopDto {
  @ApiProperty({ example: '2026-02-01T00:00:00Z' }) @IsISO8601() from!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional() @OptionalText(500) reason?: string;
}

const EXTRADITION_DOCUMENTS = [
  'sentence',
  'arrestWarrant',
  'offenceDescription',
  'penalLaw',
  'prescriptionRules',
  'identification',
] as const satisfies readonly ExtraditionDocument[];

// One optional property per key, declared from the library's vocabulary so no key is forgotten.
function keyedDto<K extends string, V>(
  name: string,
  keys: readonly K[],
  decorators: () => PropertyDecorator[],
  doc: object,
) {
  const Keyed = { [name]: class {} }[name];
  for (const key of keys) {
    for (const decorate of [...decorators(), ApiPropertyOptional(doc)]) decorate(Keyed.prototype, key);
  }
  return Keyed as new () => Partial<Record<K, V>>;
}

export const DocumentsDto = keyedDto<ExtraditionDocument, string | boolean>(
  'DocumentsDto',
  EXTRADITION_DOCUMENTS,
  () => [IsOptional(), IsTextOrFlag(2000)],
  {
    // No reflected type here (the properties are declared at run time), so name the union's base.
    type: Object,
    oneOf: [{ type: 'boolean' }, { type: 'string' }],
    description: 'Supplied (true) or a reference to it',
  },
);

export const EventsDto = keyedDto<DeadlineTrigger, string>(
  'EventsDto',
  DEADLINE_TRIGGERS,
  () => [IsOptional(), IsISO8601()],
  { type: String, format: 'date-time', description: 'When the procedural event happened' },
);

export class EvaluateDraftDto {
  @ApiProperty({ example: 'HN', description: 'ISO 3166-1 alpha-2' })
  @IsCountryCode()
  requestingState!: string;
  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2' }) @IsCountryCode() requestedState!: string;

  @ApiProperty({ enum: CASE_KINDS, example: 'mla' })
  @IsIn(CASE_KINDS)
  kind!: CaseKind;

  @ApiPropertyOptional({
    example: '2026-03-02',
    description: 'Date of the request (instrument status is judged at it); default today',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  date?: string;

  @ApiPropertyOptional({ example: 'ia-mla-1992', description: 'The instrument the drafter chose' })
  @OptionalText(100)
  basisId?: string;

  @ApiPropertyOptional({ type: [DraftOffenceDto], description: 'Default: none yet' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DraftOffenceDto)
  offences?: DraftOffenceDto[];

  @ApiPropertyOptional({ type: PersonSoughtDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonSoughtDto)
  personSought?: PersonSoughtDto;

  @ApiPropertyOptional() @OptionalText(500) requestingAuthority?: string;
  @ApiPropertyOptional() @OptionalText(500) investigatingAuthority?: string;
  @ApiPropertyOptional() @OptionalText(100) caseReference?: string;
  @ApiPropertyOptional() @OptionalText(2000) subject?: string;
  @ApiPropertyOptional() @OptionalText(20000) factsSummary?: string;
  @ApiPropertyOptional() @OptionalText(10000) assistanceSought?: string;

  @ApiPropertyOptional({ enum: ASSISTANCE_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ASSISTANCE_TYPES.length)
  @IsIn(ASSISTANCE_TYPES, { each: true })
  assistanceTypes?: AssistanceType[];

  @ApiPropertyOptional() @OptionalText(5000) specialProcedure?: string;
  @ApiPropertyOptional() @OptionalText(10000) legalProvisions?: string;
  @ApiPropertyOptional() @OptionalText(5000) purpose?: string;

  @ApiPropertyOptional({ type: [PersonConcernedDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PersonConcernedDto)
  personsConcerned?: PersonConcernedDto[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() reciprocityPromise?: boolean;

  @ApiPropertyOptional({ type: DocumentsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DocumentsDto)
  documents?: InstanceType<typeof DocumentsDto>;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() deathPenaltyAssurances?: boolean;

  @ApiPropertyOptional({ example: 'es', description: 'Language the request is drafted in' })
  @IsOptional()
  @Matches(LANGUAGE, languageMessage)
  language?: string;

  @ApiPropertyOptional({ example: ['en'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(LANGUAGE, { each: true, ...languageMessage })
  translationsProvided?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() urgent?: boolean;
  @ApiPropertyOptional({ example: '2026-06-30' }) @IsOptional() @IsISO8601() neededBy?: string;

  @ApiPropertyOptional({ type: EventsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventsDto)
  events?: InstanceType<typeof EventsDto>;

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
