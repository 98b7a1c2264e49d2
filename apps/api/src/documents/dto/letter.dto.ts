import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LETTER_LANGUAGES, type LetterLanguage } from '../letter/letter-texts';

export class GenerateLetterDto {
  @ApiPropertyOptional({
    enum: LETTER_LANGUAGES,
    description: "By default the requested state's (first) accepted language; another accepted one may be chosen",
  })
  @IsOptional()
  @IsIn(LETTER_LANGUAGES)
  language?: LetterLanguage;
}
