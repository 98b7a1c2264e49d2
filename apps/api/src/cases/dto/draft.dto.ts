import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  ASSISTANCE_TYPES,
  EXTRADITION_DOCUMENTS,
  OFFENCE_CATEGORIES,
  PERSON_CUSTODY_STATUSES,
  REQUEST_TYPES,
  type AssistanceType,
  type CaseDraft,
  type DraftOffence,
  type ExtraditionDocument,
  type OffenceCategory,
  type PersonConcerned,
  type PersonSought,
} from '@comity/contracts';
import { IsCountryCode, IsIsoDay, IsTextOrFlag, Line, OptionalLine, OptionalText } from '../../common/validators';

// The one draft model over HTTP: case drafts (POST /cases, PATCH /cases/{id}/draft) and the
// rules evaluation (POST /rules/evaluate, which extends it) take exactly this shape.

const LANGUAGE = /^[a-z]{2}$/;
const languageMessage = { message: 'must be a two-letter ISO 639-1 code (e.g. es)' };

export class OffenceDto implements DraftOffence {
  @ApiPropertyOptional({ example: 'Art. 194 CPF' }) @OptionalLine(200) code?: string;
  @ApiPropertyOptional({ example: 'Conspiracy to import cocaine' }) @OptionalText(2000) description?: string;

  @ApiPropertyOptional({ example: 20 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  maxPenaltyYears?: number;

  @ApiPropertyOptional({ description: 'Enforcement of a sentence: months still to serve' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(12000)
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
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  limitationPeriodYears?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() punishableInRequestedState?: boolean;
}

export class PersonSoughtDto implements PersonSought {
  @ApiProperty({ example: ['HN'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsCountryCode(true)
  nationalities!: string[];

  @ApiPropertyOptional() @OptionalLine(300) name?: string;

  @ApiPropertyOptional({ enum: PERSON_CUSTODY_STATUSES, description: 'Extradition: at large, in custody or on bail' })
  @IsOptional()
  @IsIn(PERSON_CUSTODY_STATUSES)
  custodyStatus?: (typeof PERSON_CUSTODY_STATUSES)[number];
}

export class PersonConcernedDto implements PersonConcerned {
  @ApiPropertyOptional({ example: 'Holders of accounts 1234 and 5678' }) @OptionalLine(300) name?: string;
  @ApiPropertyOptional() @OptionalLine(100) nationality?: string;
  @ApiPropertyOptional() @OptionalLine(500) location?: string;
}

// One optional property per key, declared from the vocabulary so no key is forgotten.
function keyedDto<K extends string, V>(name: string, keys: readonly K[], decorators: () => PropertyDecorator[], doc: object) {
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

// Every field is optional while drafting; completeness is checked at submission.
export class DraftDto implements CaseDraft {
  @ApiPropertyOptional({ example: 'FGR-UEAI-2026-0042', description: 'Office reference; no personal data' })
  @OptionalLine(100)
  reference?: string;

  @ApiPropertyOptional({ example: 'Bank records of a shell company used to launder proceeds' })
  @OptionalText(2000)
  summary?: string;

  @ApiPropertyOptional({ example: 'ia-mla-1992', description: 'The instrument the drafter chose' })
  @IsOptional()
  @Line(100)
  basisId?: string;

  @ApiPropertyOptional({ type: [OffenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OffenceDto)
  offences?: OffenceDto[];

  @ApiPropertyOptional({ type: PersonSoughtDto, description: 'Extradition: the person sought' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonSoughtDto)
  personSought?: PersonSoughtDto;

  @ApiPropertyOptional({
    enum: REQUEST_TYPES,
    description: 'Extradition: provisional arrest, formal extradition, or provisional arrest followed by formal extradition',
  })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  requestType?: (typeof REQUEST_TYPES)[number];

  @ApiPropertyOptional({ example: 'A-1234/5-2026', description: 'Extradition: the Interpol red-notice reference, if any' })
  @OptionalLine(100)
  redNoticeRef?: string;

  @ApiPropertyOptional() @OptionalLine(500) requestingAuthority?: string;
  @ApiPropertyOptional() @OptionalLine(500) investigatingAuthority?: string;
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
  @Matches(LANGUAGE, { each: true, ...languageMessage })
  translationsProvided?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() urgent?: boolean;

  @ApiPropertyOptional({ example: '2027-03-01', description: 'Date by which the assistance is needed' })
  @IsOptional()
  @IsIsoDay()
  neededBy?: string;
}

// Fails to compile when the draft model gains a field this DTO does not accept.
const _everyDraftField: [Exclude<keyof CaseDraft, keyof DraftDto>] extends [never] ? true : never = true;
