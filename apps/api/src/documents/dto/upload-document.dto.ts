import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { DOCUMENT_KINDS, LANGUAGE_CODE, type DocumentKind } from '@comity/documents';
import { Line } from '../../common/validators';

const asBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The text fields of a document upload (multipart/form-data, sent before the file part). */
export class UploadDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'evidence' })
  @IsIn(DOCUMENT_KINDS)
  kind!: DocumentKind;

  @ApiProperty({ example: 'Bank statements, account ending 0042' })
  @Line(300, { min: 1 })
  title!: string;

  @ApiProperty({ example: 'es', description: 'ISO 639-1 code of its language; "zxx" when it has no words to translate' })
  @Matches(LANGUAGE_CODE, { message: 'language must be an ISO 639-1 code such as "es", or "zxx"' })
  language!: string;

  @ApiPropertyOptional({
    type: 'string',
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: to be sent to the other state in the next package; false: internal to your side',
  })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  shared?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'For a translation: the document it translates' })
  @ValidateIf((o: UploadDocumentDto) => o.kind === 'translation' || o.translationOf !== undefined)
  @IsUUID()
  translationOf?: string;

  @ApiPropertyOptional({ example: 'Perito traductor Ana Gómez, registro 123', description: 'For a translation: who translated it' })
  @ValidateIf((o: UploadDocumentDto) => o.kind === 'translation' || o.translator !== undefined)
  @Line(300, { min: 1 })
  translator?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For a signed letter: the generated letter it is the signed copy of' })
  @ValidateIf((o: UploadDocumentDto) => o.kind === 'signed_letter' || o.signedLetterOf !== undefined)
  @IsUUID()
  signedLetterOf?: string;
}

/** The multipart body of an upload, for the OpenAPI document. */
export const UPLOAD_DOCUMENT_SCHEMA = {
  type: 'object',
  required: ['kind', 'title', 'language', 'file'],
  properties: {
    kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
    title: { type: 'string', maxLength: 300 },
    language: { type: 'string', pattern: LANGUAGE_CODE.source, example: 'es' },
    shared: { type: 'string', enum: ['true', 'false'], default: 'false' },
    translationOf: { type: 'string', format: 'uuid' },
    translator: { type: 'string', maxLength: 300 },
    signedLetterOf: { type: 'string', format: 'uuid' },
    file: { type: 'string', format: 'binary', description: 'The content; send it last, after the other fields' },
  },
} as const;

export const NEW_VERSION_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: { file: UPLOAD_DOCUMENT_SCHEMA.properties.file },
} as const;
