// Values the fuzzer sends: valid-ish ones derived from a schema (and the field's name), and
// malformed ones grouped in named classes so reports say what kind of value broke something.
import fc from 'fast-check';
import { deepNesting, PoolRef, RawJson, type JsonTree, type PoolName } from './json-tree';
import { resolve, type OpenApiDocument, type Schema } from './openapi';

export interface Tagged<T = JsonTree> {
  tag: string;
  value: T;
}

const huge = (n: number) => 'x'.repeat(n);

/** Malformed strings by class; the first value of each class is its representative in sweeps. */
export const STRING_CLASSES: Record<string, string[]> = {
  nul: ['Fuzz \u0000 nul 0123', '\u0000', 'a\u0000b', 'HN-2026-\u0000', '\u0000'.repeat(40)],
  control: [
    'Fuzz \u0001\u001b\u007f\b ctl',
    '\u0001\u0002\u0003',
    'line\r\nbreak',
    '\t',
    '\u0085\u2028\u2029',
    '\f\v',
  ],
  surrogate: ['Fuzz \ud800 lone \udfff x', '\ud800', '\udfff', 'a\ud83d', '\ude00b', '\udbff\udbff'],
  empty: ['', ' ', '   \t  ', '\u00a0', '\u200b', '\ufeff'],
  huge: [
    huge(10_001),
    huge(101),
    huge(201),
    huge(1001),
    huge(2001),
    huge(5001),
    huge(20_001),
    huge(100_001),
    huge(300_000),
  ],
  unicode: [
    'Fuzz \u202e\u200b\ufeff 🙂 é',
    '🙂'.repeat(120),
    'e\u0301\u0301\u0301',
    'İıß',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    '\ufdfa',
    '\uffff\ufffe',
  ],
  injection: [
    "Fuzz' OR '1'='1 -- %00 ${x}",
    "'; DROP TABLE cases; --",
    '%00',
    '%',
    '%s%n%x',
    '${jndi:ldap://127.0.0.1/x}',
    '{{7*7}}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\\',
    '__proto__',
    'constructor',
    'null',
    'undefined',
    'NaN',
    '1e400',
    '-0',
  ],
};

/** Dates that are not, or are barely, ISO 8601 calendar dates. */
export const BAD_DATES = [
  '2026-02-30',
  '0000-01-01',
  '2026-W05',
  '2026-035',
  '2026',
  '2026-W05-8',
  '2026-W53',
  '2025-366',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '20260101',
  '2026-02-29',
  '-000001-01-01',
  '+275760-09-13',
  '+275761-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-01',
  '2026-01-01T24:00:00Z',
  '2026-01-01T25:61:00Z',
  '2026-01-01T23:59:60Z',
  '2026-01-01T00:00:00+25:00',
  '2026-01-01T00:00:00.1234567890123Z',
  '2026-01-01 00:00',
  '2026-01-01T00:00',
  '2026-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-W05T10:00:00Z',
  'T10:00',
  '--01-01',
  'now',
];
/** The bad dates every date field gets in the sweep (the rest come up in the random phase). */
export const SWEEP_DATES = ['2026-02-30', '0000-01-01', '2026-W05', '2026-035', '2026'];

/** Values of the wrong JSON type for any field. */
export const WRONG_TYPES: Tagged[] = [
  { tag: 'null', value: null },
  { tag: 'true', value: true },
  { tag: 'zero', value: 0 },
  { tag: 'float', value: 1.5 },
  { tag: 'negative', value: -1 },
  { tag: 'array', value: [] },
  { tag: 'array-of-strings', value: ['x', 'y'] },
  { tag: 'object', value: {} },
  { tag: 'object-with-keys', value: { a: 1, $ne: null } },
  { tag: 'proto-object', value: JSON.parse('{"__proto__":{"polluted":true}}') as JsonTree },
  { tag: 'nested-arrays', value: [[[[['x']]]]] },
  { tag: 'string-number', value: '1' },
  { tag: 'nesting-200', value: deepNesting(200, 'array') },
];

/** Numbers JSON allows but nobody expects (and a few it does not: the body is then invalid JSON). */
export const NASTY_NUMBERS: Tagged[] = [
  { tag: 'num:-1', value: -1 },
  { tag: 'num:0', value: 0 },
  { tag: 'num:-0', value: new RawJson('-0') },
  { tag: 'num:0.5', value: 0.5 },
  { tag: 'num:1e308', value: 1e308 },
  { tag: 'num:1e400', value: new RawJson('1e400') },
  { tag: 'num:-1e400', value: new RawJson('-1e400') },
  { tag: 'num:1e-400', value: new RawJson('1e-400') },
  { tag: 'num:2^53+1', value: new RawJson('9007199254740993') },
  { tag: 'num:1e21', value: 1e21 },
  { tag: 'num:101', value: 101 },
  { tag: 'num:1001', value: 1001 },
  { tag: 'num:2^31', value: 2147483648 },
  { tag: 'num:1.0', value: new RawJson('1.0') },
  { tag: 'num:NaN(invalid JSON)', value: new RawJson('NaN') },
  { tag: 'num:0x10(invalid JSON)', value: new RawJson('0x10') },
];

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Values that look like UUIDs, or nearly. */
export const UUIDISH = [
  NIL_UUID,
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a10',
  '{0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a10}',
  '0b7e1f526f3c4d2a9a473c1e1b2f4a10',
  '0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a1',
  '0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a10x',
  '------------------------------------',
  '0000000000000000000000000000000000--',
  'not-a-uuid',
];

// Base64url of JSON that decodes fine but is not one of our cursors.
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
export const CRAFTED_CURSORS: string[] = [
  b64('["0000-01-01T00:00:00Z","------------------------------------"]'),
  b64(`["2026-02-30T00:00:00Z","${NIL_UUID}"]`),
  b64(`["+275760-09-13T00:00:00.000Z","${NIL_UUID}"]`),
  b64('["2026-01-01T00:00:00Z","0000000000000000000000000000000000--"]'),
  b64('["2026-W05","ffffffff-ffff-ffff-ffff-ffffffffffff"]'),
  b64(`["1",${JSON.stringify(NIL_UUID)}]`),
  b64('["2026-01-01T00:00:00Z"]'),
  b64('[1,2]'),
  b64('{"a":1}'),
  b64('null'),
  b64('"x"'),
  b64('["\\u0000","\\u0000"]'),
  b64('[' + '['.repeat(5000) + ']'.repeat(5000) + ']'),
  '!!!not-base64!!!',
  '',
  'A',
];

/** Authorization header values that are not a usable credential. */
export const MALFORMED_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer a.b.c',
  'Bearer ..',
  'Bearer eyJ',
  'Basic dXNlcjpwYXNzd29yZA==',
  'Digest username="x"',
  'Bearer cmty_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'Bearer cmty_',
  'Bearer cmtr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'Bearer ' + 'x'.repeat(4000),
  'Bearer \u00e9\u00e9',
  'Bearer a b',
  'Bearer\tx',
  'bearer',
  'x'.repeat(200),
];

export const COUNTRIES = ['HN', 'US', 'MX', 'GT', 'SV'];
const KNOWN_DEADLINE_KEYS = [
  'central-authority-review',
  'execution-target',
  'acknowledgement-escalation',
  'response_target',
];
const FUZZ_PASSWORD = 'Fuzz-password-0123456789';

// --- what a field is, judged from its schema and its name -------------------------------------

const COUNTRYISH = /(state|jurisdiction|committedIn|nationalit)/i;
const PATTERNED = /^(pair|holderJurisdiction|language|translationsProvided|email)$/;
const DATEISH = /^(date|at|from|to|neededBy|offenceDate)$|(Date|From|To|DueAt|At)$/;

export function isDateish(name: string, s: Schema): boolean {
  return s.format === 'date-time' || s.format === 'date' || (s.type === 'string' && DATEISH.test(name));
}

/** A string field that accepts any text (so a malformed value reaches the code behind it). */
export function isFreeText(name: string, s: Schema): boolean {
  if (s.type !== 'string' || s.enum || s.format) return false;
  if (isDateish(name, s) || COUNTRYISH.test(name) || PATTERNED.test(name)) return false;
  // Codes with a pattern (authority codes): their example is upper-case letters, digits, - and _.
  if (typeof s.example === 'string' && /^[A-Z0-9][A-Z0-9_-]+$/.test(s.example)) return false;
  return true;
}

// --- valid-ish values ---------------------------------------------------------------------------

export interface ValueContext {
  doc: OpenApiDocument;
  /** The operation, for the few fields whose meaning depends on it (login email, password). */
  opKey: string;
}

const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: n, maxLength: n });
const dayArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
// Instants with and without milliseconds, and with an offset instead of Z.
const instant = (d: Date, style: number) => {
  const iso = d.toISOString();
  return style === 0 ? iso : style === 1 ? iso.replace(/\.\d{3}Z$/, 'Z') : iso.replace(/\.\d{3}Z$/, '+00:00');
};
const dateTimeArb = fc
  .tuple(
    fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.nat(2),
  )
  .map(([d, style]) => instant(d, style));
const futureDateTime = fc
  .tuple(
    fc.date({
      min: new Date('2027-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.nat(2),
  )
  .map(([d, style]) => instant(d, style));
const text = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'Fuzz text',
      'Which accounts and which period?',
      'Bank records',
      'Money laundering',
      'Tráfico de drogas',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 3, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
);

/** A value the api should accept for this field (or reject only for business reasons). */
export function validish(ctx: ValueContext, schema: Schema, name: string, depth = 0): fc.Arbitrary<JsonTree> {
  const s = resolve(ctx.doc, schema);
  if (s.oneOf?.length || s.anyOf?.length) {
    return fc.oneof(...(s.oneOf ?? s.anyOf ?? []).map((o) => validish(ctx, o, name, depth)));
  }
  if (s.enum?.length) return fc.constantFrom(...(s.enum as JsonTree[]));
  const example = s.example as JsonTree | undefined;
  const withExample = (arb: fc.Arbitrary<JsonTree>) =>
    example === undefined
      ? arb
      : fc.oneof({ weight: 1, arbitrary: fc.constant(example) }, { weight: 2, arbitrary: arb });
  switch (s.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      if (name === 'limit') return fc.integer({ min: 1, max: s.maximum ?? 100 });
      if (name === 'afterSeq') return fc.nat(30);
      return withExample(fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 40, 40) }));
    }
    case 'array': {
      if (!s.items) return fc.constant([]);
      const items = resolve(ctx.doc, s.items);
      if (items.enum?.length) return fc.subarray(items.enum as JsonTree[], { minLength: 1 });
      if (name === 'translationsProvided') return fc.subarray(['en', 'es', 'fr'], { minLength: 1 });
      return fc.array(validish(ctx, items, name, depth + 1), { minLength: 1, maxLength: depth > 1 ? 1 : 3 });
    }
    case 'object':
    case undefined: {
      if (!s.properties) return fc.constant({});
      const model: Record<string, fc.Arbitrary<JsonTree>> = {};
      for (const [k, v] of Object.entries(s.properties)) model[k] = validish(ctx, v, k, depth + 1);
      return fc.record(model, {
        requiredKeys: (s.required ?? []).filter((k) => k in model),
      }) as fc.Arbitrary<JsonTree>;
    }
    case 'string':
      return stringFor(ctx, s, name, withExample);
    default:
      return fc.constant(null);
  }
}

function stringFor(
  ctx: ValueContext,
  s: Schema,
  name: string,
  withExample: (arb: fc.Arbitrary<JsonTree>) => fc.Arbitrary<JsonTree>,
): fc.Arbitrary<JsonTree> {
  const login = ctx.opKey === 'POST /api/v1/auth/login';
  const pool = (p: PoolName) => fc.nat().map((k) => new PoolRef(p, k));
  if (name === 'email')
    return login ? pool('loginEmail') : hex(10).map((h) => `fuzz-${h.toLowerCase()}@test.comity.dev`);
  if (name === 'password')
    return login
      ? fc.constantFrom('test-password-0123456789', 'wrong-password-0123')
      : fc.constant(FUZZ_PASSWORD);
  if (name === 'refreshToken') return pool('refreshToken');
  if (name === 'cursor') return pool('cursor');
  if (name === 'authorityId')
    return fc.oneof({ weight: 4, arbitrary: pool('authority') }, { weight: 1, arbitrary: fc.uuid() });
  if (name === 'basisId') return fc.oneof(pool('instrument'), fc.constant('ia-mla-1992'));
  if (name === 'deadlineKey') return fc.constantFrom(...KNOWN_DEADLINE_KEYS);
  if (name === 'pair')
    return fc
      .tuple(fc.constantFrom(...COUNTRIES), fc.constantFrom(...COUNTRIES))
      .map(([a, b]) => `${a}-${b}`);
  if (name === 'language' || name === 'translationsProvided') return fc.constantFrom('es', 'en', 'fr');
  if (name === 'code' && typeof s.example === 'string' && /^[A-Z0-9][A-Z0-9_-]+$/.test(s.example))
    return hex(8).map((h) => `FUZZ-${h}`);
  if (s.format === 'uuid') return fc.uuid();
  if (name === 'newDueAt' || name === 'expiresAt') return futureDateTime;
  if (s.format === 'date-time' || /^(from|to)$/.test(name)) return dateTimeArb;
  if (isDateish(name, s)) return withExample(dayArb);
  if (COUNTRYISH.test(name)) return withExample(fc.constantFrom(...COUNTRIES));
  return withExample(text);
}

// --- malformed values ---------------------------------------------------------------------------

const stringClass = (cls: string) =>
  fc.constantFrom(...STRING_CLASSES[cls]).map((value) => ({ tag: cls, value }) as Tagged);
export const nastyString: fc.Arbitrary<Tagged> = fc.oneof(
  ...Object.keys(STRING_CLASSES).map((cls) => ({
    weight: cls === 'huge' ? 1 : 2,
    arbitrary: stringClass(cls),
  })),
  // Any UTF-16 code units at all, lone surrogates included.
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 24 })
      .map((value) => ({ tag: 'random-utf16', value })),
  },
);
export const nastyDate: fc.Arbitrary<Tagged> = fc
  .constantFrom(...BAD_DATES)
  .map((value) => ({ tag: `date:${value}`, value }));
const wrongType: fc.Arbitrary<Tagged> = fc
  .constantFrom(...WRONG_TYPES)
  .map((t) => ({ tag: `type:${t.tag}`, value: t.value }));
const nastyNumber: fc.Arbitrary<Tagged> = fc.constantFrom(...NASTY_NUMBERS);
const nastyUuid: fc.Arbitrary<Tagged> = fc.oneof(
  fc.constantFrom(...UUIDISH).map((value) => ({ tag: 'uuidish', value }) as Tagged),
  fc.uuid().map((value) => ({ tag: 'uuid-of-nothing', value }) as Tagged),
);

/** A malformed value for a field, biased towards what could get past its validation. */
export function nastyFor(name: string, schema: Schema): fc.Arbitrary<Tagged> {
  const options: fc.WeightedArbitrary<Tagged>[] = [{ weight: 2, arbitrary: wrongType }];
  if (schema.type === 'string' || schema.enum) options.push({ weight: 4, arbitrary: nastyString });
  if (isDateish(name, schema)) options.push({ weight: 6, arbitrary: nastyDate });
  if (schema.type === 'number' || schema.type === 'integer')
    options.push({ weight: 5, arbitrary: nastyNumber });
  if (schema.format === 'uuid' || /Id$/.test(name)) options.push({ weight: 3, arbitrary: nastyUuid });
  if (schema.enum) {
    const e = schema.enum.map(String);
    options.push({
      weight: 2,
      arbitrary: fc
        .constantFrom(
          ...e.map((v) => v.toUpperCase()),
          ...e.map((v) => ` ${v}`),
          ...e.map((v) => `${v}\u0000`),
        )
        .map((value) => ({ tag: 'enum-variant', value })),
    });
  }
  if (schema.type === 'array') {
    options.push({
      weight: 2,
      arbitrary: fc.constantFrom<Tagged>(
        { tag: 'array:1000-items', value: Array.from({ length: 1000 }, () => 'x') },
        { tag: 'array:duplicates', value: ['prosecutor', 'prosecutor'] },
        { tag: 'array:nulls', value: [null, null] },
        { tag: 'array:mixed', value: [1, 'x', {}, [], null] },
      ),
    });
  }
  return fc.oneof(...options);
}
