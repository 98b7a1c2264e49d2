import { applyDecorators } from '@nestjs/common';
import { isEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { isIsoDay, isIsoInstant, JURISDICTION_CODES, textProblem } from '@comity/domain';

// The one set of field validators every DTO uses. Text and dates are checked with the pure
// definitions of @comity/domain, which the workflow's update validators share, so nothing that
// PostgreSQL or the rules engine would refuse later can reach a case.

const optional = (yes: boolean) => (yes ? [IsOptional()] : []);

function HasCleanText(multiline: boolean, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: multiline ? 'isCleanText' : 'isCleanLine',
      validator: {
        validate: (v: unknown) => typeof v !== 'string' || textProblem(v, { multiline }) === null,
        defaultMessage: (args) => `${args?.property} ${textProblem(String(args?.value), { multiline }) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

interface TextOptions {
  optional?: boolean;
  min?: number;
  each?: boolean;
}

/** One line of text (a name, a code, a reference): no control characters at all. */
export const Line = (max: number, { optional: opt = false, min = 0, each = false }: TextOptions = {}) =>
  applyDecorators(
    ...optional(opt),
    IsString({ each }),
    ...(min > 0 ? [MinLength(min, { each })] : []),
    MaxLength(max, { each }),
    HasCleanText(false, { each }),
  );

/** Free text (facts, reasons, notes): tab and line breaks allowed, other control characters not. */
export const Text = (max: number, { optional: opt = false, min = 0 }: TextOptions = {}) =>
  applyDecorators(
    ...optional(opt),
    IsString(),
    ...(min > 0 ? [MinLength(min)] : []),
    MaxLength(max),
    HasCleanText(true),
  );

export const OptionalLine = (max: number) => Line(max, { optional: true });
export const OptionalText = (max: number) => Text(max, { optional: true });

/** ISO 3166-1 alpha-2, upper case. */
export const IsCountryCode = (each = false) =>
  Matches(/^[A-Z]{2}$/, {
    each,
    message: ({ property }) => `${property} must be two-letter country codes (e.g. MX)`,
  });

/** One of the states the platform serves. */
export const IsJurisdiction = () =>
  ValidateBy({
    name: 'isJurisdiction',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && (JURISDICTION_CODES as readonly string[]).includes(v),
      defaultMessage: (args) => `${args?.property} must be one of ${JURISDICTION_CODES.join(', ')}`,
    },
  });

/** Differs from another property of the same object (e.g. the requested state from the requesting one). */
export const DiffersFrom = (other: string) =>
  ValidateBy({
    name: 'differsFrom',
    constraints: [other],
    validator: {
      validate: (v: unknown, args) => v !== (args?.object as Record<string, unknown>)[other],
      defaultMessage: (args) => `${args?.property} must differ from ${other}`,
    },
  });

/** A calendar day that exists, YYYY-MM-DD. */
export const IsIsoDay = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoDay',
      validator: {
        validate: isIsoDay,
        defaultMessage: (args) => `${args?.property} must be an existing date written YYYY-MM-DD`,
      },
    },
    options,
  );

/** An instant with its offset, e.g. 2027-06-30T00:00:00Z, on a day that exists. */
export const IsIsoInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: isIsoInstant,
        defaultMessage: (args) => `${args?.property} must be an instant such as 2027-06-30T00:00:00Z`,
      },
    },
    options,
  );

/** A day (YYYY-MM-DD) or an instant with its offset. */
export const IsIsoDayOrInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoDayOrInstant',
      validator: {
        validate: (v: unknown) => isIsoDay(v) || isIsoInstant(v),
        defaultMessage: (args) => `${args?.property} must be a date (YYYY-MM-DD) or an instant with its offset`,
      },
    },
    options,
  );

/** A string of at most `max` characters on one line, or a boolean (a document supplied or not). */
export const IsTextOrFlag = (max: number) =>
  ValidateBy({
    name: 'isTextOrFlag',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'boolean' || (typeof v === 'string' && v.length <= max && textProblem(v, { multiline: false }) === null),
      defaultMessage: (args) => `${args?.property} must be a boolean or one line of at most ${max} characters`,
    },
  });

/**
 * An e-mail address of at most 320 characters. Checked as text first: validator.js's isEmail
 * throws (URIError) on a lone surrogate instead of answering false.
 */
export const IsEmailAddress = () =>
  applyDecorators(
    MaxLength(320),
    ValidateBy({
      name: 'isEmailAddress',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && textProblem(v, { multiline: false }) === null && isEmail(v),
        defaultMessage: (args) => `${args?.property} must be an e-mail address`,
      },
    }),
  );
