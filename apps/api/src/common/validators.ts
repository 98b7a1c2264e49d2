import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';

/** An optional string of at most `max` characters. */
export const OptionalText = (max: number) => applyDecorators(IsOptional(), IsString(), MaxLength(max));

/** ISO 3166-1 alpha-2, upper case. */
export const IsCountryCode = (each = false) =>
  Matches(/^[A-Z]{2}$/, {
    each,
    message: ({ property }) => `${property} must be two-letter country codes (e.g. MX)`,
  });

/** A calendar day, YYYY-MM-DD, that exists. */
export const IsIsoDay = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date (YYYY-MM-DD)` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be an existing date` }),
  );

/** A string of at most `max` characters, or a boolean (a document supplied or not). */
export const IsTextOrFlag = (max: number) =>
  ValidateBy({
    name: 'isTextOrFlag',
    validator: {
      validate: (v: unknown) => typeof v === 'boolean' || (typeof v === 'string' && v.length <= max),
      defaultMessage: (args) =>
        `${args?.property} must be a boolean or a string of at most ${max} characters`,
    },
  });
