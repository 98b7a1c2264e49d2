// The requests the fuzzer sends: for every operation, first a deterministic sweep (each class of
// malformed value in every field that could take it, structural and encoding variants, bogus
// ids and credentials), then random requests drawn with fast-check from the run's seed.
import fc from 'fast-check';
import { deepNesting, Entries, PoolRef, RawJson, setAt, type JsonTree, type PoolName } from './json-tree';
import { fieldPaths, resolve, type OpenApiDocument, type Operation, type Schema } from './openapi';
import {
  CRAFTED_CURSORS,
  isDateish,
  isFreeText,
  MALFORMED_AUTH,
  nastyFor,
  nastyString,
  NIL_UUID,
  STRING_CLASSES,
  SWEEP_DATES,
  validish,
  WRONG_TYPES,
  type ValueContext,
} from './values';

/** Which kind of caller a request is sent as; resolved to a real header when it is sent. */
export type AuthSpec =
  | { kind: 'actor'; prefer: string[]; k: number }
  | { kind: 'none' }
  | { kind: 'header'; value: string }
  | { kind: 'forged'; variant: ForgedVariant }
  | { kind: 'apiToken'; k: number }
  /** A session of its own, logged in for this request (logout, refresh). */
  | { kind: 'fresh' };

export const FORGED_VARIANTS = [
  'sub-not-uuid',
  'sid-not-uuid',
  'sub-and-sid-not-uuid',
  'sub-nul',
  'sub-huge',
  'sub-number',
  'unknown-session',
  'expired',
  'wrong-audience',
  'wrong-secret',
  'alg-none',
  'no-sid',
] as const;
export type ForgedVariant = (typeof FORGED_VARIANTS)[number];

/** A path segment: literal text, or a parameter resolved when sent. */
export type PathPart =
  | { kind: 'literal'; text: string }
  | {
      kind: 'pool';
      pool: PoolName;
      k: number;
      transform?: 'upper' | 'nul-suffix' | 'space-suffix' | 'dot-suffix';
    }
  /** Sent as is: already percent-encoded, or deliberately not. */
  | { kind: 'raw'; text: string };

/** A query string piece: `key=value` already encoded, or a pool value to encode when sent. */
export type QueryPart =
  { kind: 'raw'; text: string } | { kind: 'pool'; key: string; pool: PoolName; k: number };

export type BodySpec =
  | {
      kind: 'json';
      tree: JsonTree;
      contentType?: string | null;
      encoding?: 'gzip' | 'deflate' | 'gzip-broken' | 'br' | 'gzip-gzip';
    }
  | { kind: 'text'; text: string; contentType: string | null }
  | { kind: 'bytes'; bytes: Buffer; contentType: string | null }
  /** JSON that is valid but written in another charset (the header says which, or lies). */
  | { kind: 'charset'; tree: JsonTree; encoding: 'utf16le' | 'latin1'; contentType: string };

export interface FuzzRequest {
  /** Position in the run; with the seed it regenerates the request. */
  index: number;
  phase: 'sweep' | 'random';
  op: string;
  method: string;
  path: PathPart[];
  query: QueryPart[];
  headers: Record<string, string>;
  auth: AuthSpec;
  body: BodySpec | null;
  /** What was done to this request, coarse enough to group failures by. */
  tags: string[];
}

// --- per-operation facts --------------------------------------------------------------------------

interface OpModel {
  op: Operation;
  ctx: ValueContext;
  /** Which pool each path parameter takes its real values from. */
  paramPools: Record<string, PoolName | 'enum'>;
  body: Schema | null;
  bodyFields: { path: string[]; name: string; schema: Schema }[];
  /** Actors most likely to be allowed to call it. */
  prefer: string[];
}

export const ACTOR_GROUPS = {
  admins: ['admin.us', 'admin.hn'],
  prosecutors: ['prosecutor.hn', 'prosecutor.mx'],
  caseActors: [
    'prosecutor.hn',
    'central.hn',
    'central.us',
    'supervisor.hn',
    'supervisor.us',
    'supervisor.hn-office',
  ],
  overseers: ['supervisor.hn', 'supervisor.us', 'admin.us', 'central.hn'],
  all: [] as string[],
};

function poolForParam(path: string, name: string): PoolName | 'enum' {
  if (name === 'action') return 'enum';
  if (name === 'tokenId') return 'apiToken';
  const before = path
    .split('/{' + name + '}')[0]
    .split('/')
    .pop();
  if (before === 'cases') return 'case';
  if (before === 'users') return 'user';
  if (before === 'authorities') return 'authority';
  if (before === 'instruments') return 'instrument';
  return 'case';
}

function preferredActors(op: Operation): string[] {
  const p = op.path;
  if (p.includes('/admin/')) return ACTOR_GROUPS.admins;
  if (p.endsWith('/audit/verify') || p.endsWith('/audit')) return ACTOR_GROUPS.overseers;
  if ((op.method === 'POST' && p.endsWith('/cases')) || p.endsWith('/draft') || p.endsWith('/notes'))
    return ACTOR_GROUPS.prosecutors;
  if (p.includes('/cases')) return ACTOR_GROUPS.caseActors;
  return ACTOR_GROUPS.all;
}

export function modelOf(doc: OpenApiDocument, op: Operation): OpModel {
  const ctx: ValueContext = { doc, opKey: op.key };
  const body = op.body ? resolve(doc, op.body) : null;
  return {
    op,
    ctx,
    paramPools: Object.fromEntries(op.pathParams.map((p) => [p.name, poolForParam(op.path, p.name)])),
    body,
    bodyFields: body
      ? fieldPaths(doc, body).map((f) => ({
          ...f,
          name: f.path[f.path.length - 1] === '0' ? f.path[f.path.length - 2] : f.path[f.path.length - 1],
        }))
      : [],
    prefer: preferredActors(op),
  };
}

// --- encoding helpers ---------------------------------------------------------------------------

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (lone surrogates become U+FFFD). */
export function pctEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const q = (key: string, value: string): QueryPart => ({
  kind: 'raw',
  text: `${pctEncode(key)}=${pctEncode(value)}`,
});

function queryValue(v: JsonTree): string {
  if (typeof v === 'string') return v;
  if (v instanceof RawJson) return v.text.slice(0, 200);
  return typeof v === 'object' ? (JSON.stringify(v) ?? '') : String(v);
}

/** Query parts for a set of values; pool refs stay refs, arrays become repeated keys. */
function queryParts(values: Record<string, JsonTree>): QueryPart[] {
  const parts: QueryPart[] = [];
  for (const [key, v] of Object.entries(values)) {
    if (v instanceof PoolRef) parts.push({ kind: 'pool', key, pool: v.pool, k: v.k });
    else if (Array.isArray(v)) for (const item of v) parts.push(q(key, queryValue(item)));
    else parts.push(q(key, queryValue(v)));
  }
  return parts;
}

// --- arbitraries for the parts of a request ---------------------------------------------------------

const BOGUS_PATH_PARAMS: { tag: string; text: string }[] = [
  { tag: 'param:not-uuid', text: 'not-a-uuid' },
  { tag: 'param:number', text: '1' },
  { tag: 'param:negative', text: '-1' },
  { tag: 'param:nul', text: '%00' },
  { tag: 'param:nul-in-uuid', text: '0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f%004a10' },
  { tag: 'param:encoded-slash', text: '..%2F..%2Fadmin' },
  { tag: 'param:dotdot', text: '..' },
  { tag: 'param:huge', text: 'a'.repeat(3000) },
  { tag: 'param:emoji', text: '%F0%9F%99%82' },
  { tag: 'param:invalid-utf8', text: '%ED%A0%80' },
  { tag: 'param:overlong-utf8', text: '%C0%AF' },
  { tag: 'param:bad-percent', text: '%zz' },
  { tag: 'param:lone-percent', text: '%' },
  { tag: 'param:braced-uuid', text: '%7B0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a10%7D' },
  { tag: 'param:nil-uuid', text: NIL_UUID },
  { tag: 'param:dashes', text: '------------------------------------' },
  { tag: 'param:null', text: 'null' },
  { tag: 'param:proto', text: '__proto__' },
  { tag: 'param:latin1', text: '\u00e9t\u00e9' },
];

function pathArb(m: OpModel, realWeight: number): fc.Arbitrary<{ parts: PathPart[]; tags: string[] }> {
  const segments = m.op.path.split(/(\{[^}]+\})/).filter(Boolean);
  const partArbs = segments.map((seg) => {
    const name = /^\{(.+)\}$/.exec(seg)?.[1];
    if (!name)
      return fc.constant({ part: { kind: 'literal', text: seg } as PathPart, tag: null as string | null });
    const pool = m.paramPools[name];
    const param = m.op.pathParams.find((p) => p.name === name);
    const real =
      pool === 'enum'
        ? fc
            .constantFrom(...((param?.schema.enum as string[]) ?? ['x']))
            .map((text) => ({ part: { kind: 'literal', text } as PathPart, tag: null }))
        : fc.nat().map((k) => ({ part: { kind: 'pool', pool, k } as PathPart, tag: null }));
    const transformed =
      pool === 'enum'
        ? fc
            .constantFrom(...((param?.schema.enum as string[]) ?? ['x']))
            .chain((a) =>
              fc.constantFrom(
                { part: { kind: 'raw', text: a.toUpperCase() } as PathPart, tag: 'action:upper' },
                { part: { kind: 'raw', text: 'edit_draft' } as PathPart, tag: 'action:edit_draft' },
                { part: { kind: 'raw', text: `${a}%00` } as PathPart, tag: 'action:nul' },
                { part: { kind: 'raw', text: 'teleport' } as PathPart, tag: 'action:unknown' },
                { part: { kind: 'raw', text: '__proto__' } as PathPart, tag: 'action:proto' },
              ),
            )
        : fc
            .tuple(
              fc.nat(),
              fc.constantFrom('upper', 'nul-suffix', 'space-suffix', 'dot-suffix') as fc.Arbitrary<'upper'>,
            )
            .map(([k, transform]) => ({
              part: { kind: 'pool', pool, k, transform } as PathPart,
              tag: `param:real-${transform}`,
            }));
    const bogus = fc.oneof(
      fc
        .constantFrom(...BOGUS_PATH_PARAMS)
        .map((b) => ({ part: { kind: 'raw', text: b.text } as PathPart, tag: b.tag })),
      fc.uuid().map((u) => ({ part: { kind: 'raw', text: u } as PathPart, tag: 'param:uuid-of-nothing' })),
    );
    return fc.oneof(
      { weight: realWeight, arbitrary: real },
      { weight: 1, arbitrary: transformed },
      { weight: 2, arbitrary: bogus },
    );
  });
  return fc.tuple(...partArbs).map((items) => ({
    parts: items.map((i) => i.part),
    tags: items.map((i) => i.tag).filter((t): t is string => !!t),
  }));
}

const JUNK_QUERY: { tag: string; text: string }[] = [
  { tag: 'query:nul-key', text: '%00=%00' },
  { tag: 'query:unknown', text: 'fuzz=1' },
  { tag: 'query:proto', text: '__proto__=x' },
  { tag: 'query:constructor', text: 'constructor%5Bprototype%5D=x' },
  { tag: 'query:brackets', text: 'a%5Bb%5D%5Bc%5D=1' },
  { tag: 'query:empty', text: '=' },
  { tag: 'query:ampersands', text: '&&&' },
  { tag: 'query:bad-percent', text: 'x=%zz' },
  { tag: 'query:lone-percent', text: 'x=%' },
  { tag: 'query:invalid-utf8', text: 'x=%ED%A0%80' },
  { tag: 'query:huge', text: 'x=' + 'a'.repeat(6000) },
];

function queryArb(m: OpModel): fc.Arbitrary<{ parts: QueryPart[]; tags: string[] }> {
  const params = m.op.queryParams;
  const valid: fc.Arbitrary<Record<string, JsonTree>> = params.length
    ? (fc.record(Object.fromEntries(params.map((p) => [p.name, validish(m.ctx, p.schema, p.name)])), {
        requiredKeys: [],
      }) as fc.Arbitrary<Record<string, JsonTree>>)
    : fc.constant({});
  const junk = fc.constantFrom(...JUNK_QUERY);
  const options: fc.WeightedArbitrary<{ parts: QueryPart[]; tags: string[] }>[] = [
    { weight: params.length ? 6 : 12, arbitrary: valid.map((v) => ({ parts: queryParts(v), tags: [] })) },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, junk).map(([v, j]) => ({
        parts: [...queryParts(v), { kind: 'raw', text: j.text } as QueryPart],
        tags: [j.tag],
      })),
    },
  ];
  if (params.length) {
    const nasty = fc.constantFrom(...params).chain((p) =>
      fc.tuple(valid, nastyFor(p.name, resolve(m.ctx.doc, p.schema))).map(([v, n]) => {
        const { [p.name]: _, ...rest } = v;
        return {
          parts: [...queryParts(rest), q(p.name, queryValue(n.value))],
          tags: [`query:${p.name}:${n.tag}`],
        };
      }),
    );
    const repeated = fc.tuple(valid, fc.constantFrom(...params)).map(([v, p]) => ({
      parts: [...queryParts(v), q(p.name, 'a'), q(p.name, 'b')],
      tags: [`query:${p.name}:repeated`],
    }));
    const nul = fc.constantFrom(...params).map((p) => ({
      parts: [{ kind: 'raw', text: `${pctEncode(p.name)}=%00` } as QueryPart],
      tags: [`query:${p.name}:%00`],
    }));
    options.push(
      { weight: 6, arbitrary: nasty },
      { weight: 1, arbitrary: repeated },
      { weight: 2, arbitrary: nul },
    );
    if (params.some((p) => p.name === 'cursor')) {
      options.push({
        weight: 3,
        arbitrary: fc
          .constantFrom(...CRAFTED_CURSORS)
          .map((c) => ({ parts: [q('cursor', c)], tags: ['query:cursor:crafted'] })),
      });
    }
  }
  return fc.oneof(...options);
}

const ACTOR_AUTH = (prefer: string[]) => fc.nat().map((k) => ({ kind: 'actor', prefer, k }) as AuthSpec);

function authArb(m: OpModel): fc.Arbitrary<{ auth: AuthSpec; tags: string[] }> {
  const tagged = (a: fc.Arbitrary<AuthSpec>, tag: (a: AuthSpec) => string) =>
    a.map((auth) => ({ auth, tags: [tag(auth)] }));
  return fc.oneof(
    { weight: 70, arbitrary: tagged(ACTOR_AUTH(m.prefer), () => 'auth:preferred') },
    { weight: 12, arbitrary: tagged(ACTOR_AUTH(ACTOR_GROUPS.all), () => 'auth:any-actor') },
    { weight: 4, arbitrary: tagged(fc.constant({ kind: 'none' }), () => 'auth:none') },
    {
      weight: 4,
      arbitrary: tagged(
        fc.constantFrom(...MALFORMED_AUTH).map((value) => ({ kind: 'header', value }) as AuthSpec),
        () => 'auth:malformed',
      ),
    },
    {
      weight: 6,
      arbitrary: tagged(
        fc.constantFrom(...FORGED_VARIANTS).map((variant) => ({ kind: 'forged', variant }) as AuthSpec),
        (a) => `auth:forged-${(a as { variant: string }).variant}`,
      ),
    },
    {
      weight: 4,
      arbitrary: tagged(
        fc.nat().map((k) => ({ kind: 'apiToken', k }) as AuthSpec),
        () => 'auth:api-token',
      ),
    },
  );
}

const NON_JSON: { tag: string; text: string }[] = [
  { tag: 'text:truncated', text: '{"kind": ' },
  { tag: 'text:open-brace', text: '{' },
  { tag: 'text:single-quotes', text: "{'kind':'mla'}" },
  { tag: 'text:trailing-comma', text: '{"a":1,}' },
  { tag: 'text:comment', text: '{/* x */}' },
  { tag: 'text:NaN', text: 'NaN' },
  { tag: 'text:undefined', text: 'undefined' },
  { tag: 'text:nul', text: '\u0000' },
  { tag: 'text:empty', text: '' },
  { tag: 'text:whitespace', text: ' \n\t ' },
  { tag: 'text:xml', text: '<?xml version="1.0"?><case><kind>mla</kind></case>' },
  { tag: 'text:bom-json', text: '\ufeff{}' },
  { tag: 'text:two-documents', text: '{}{}' },
  { tag: 'text:huge-number', text: '{"a":' + '9'.repeat(5000) + '}' },
  { tag: 'text:long-string-unterminated', text: '{"a":"' + 'x'.repeat(10000) },
];

const CONTENT_TYPES: { tag: string; value: string | null }[] = [
  { tag: 'ct:none', value: null },
  { tag: 'ct:text-plain', value: 'text/plain' },
  { tag: 'ct:form', value: 'application/x-www-form-urlencoded' },
  { tag: 'ct:multipart', value: 'multipart/form-data; boundary=fuzz' },
  { tag: 'ct:xml', value: 'application/xml' },
  { tag: 'ct:octet-stream', value: 'application/octet-stream' },
  { tag: 'ct:json-utf16', value: 'application/json; charset=utf-16' },
  { tag: 'ct:json-bogus-charset', value: 'application/json; charset=bogus-8' },
  { tag: 'ct:json-upper', value: 'APPLICATION/JSON' },
  { tag: 'ct:merge-patch', value: 'application/merge-patch+json' },
  { tag: 'ct:problem-json', value: 'application/problem+json' },
  { tag: 'ct:garbage', value: ';;;/' },
  { tag: 'ct:json-with-params', value: 'application/json; charset=utf-8; x=y' },
];

/** A body for an operation that takes a JSON object. */
type BodyPick = { body: BodySpec | null; tags: string[] };
type HeaderPick = { headers: Record<string, string>; tags: string[] };

function bodyArb(m: OpModel): fc.Arbitrary<BodyPick> {
  const schema = m.body!;
  const examples = m.op.bodyExamples
    .map((e) => e.value)
    .filter((e) => e && typeof e === 'object') as JsonTree[];
  const valid = examples.length
    ? fc.oneof(
        { weight: 3, arbitrary: validish(m.ctx, schema, '') },
        { weight: 2, arbitrary: fc.constantFrom(...examples) },
      )
    : validish(m.ctx, schema, '');
  const json = (
    tree: JsonTree,
    tags: string[],
    extra: Partial<Extract<BodySpec, { kind: 'json' }>> = {},
  ) => ({ body: { kind: 'json', tree, ...extra } as BodySpec, tags });
  const fields = m.bodyFields;
  const mutation = fields.length
    ? fc.constantFrom(...fields).chain((f) => nastyFor(f.name, f.schema).map((n) => ({ f, n })))
    : fc.constant(null);
  const mutated = fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => {
    let tree = v;
    const tags: string[] = [];
    for (const mu of ms) {
      if (!mu) continue;
      tree = setAt(tree, mu.f.path, mu.n.value);
      tags.push(`body:${mu.f.path.join('.')}:${mu.n.tag}`);
    }
    return json(tree, tags);
  });
  const unknownKeys = fc.constantFrom(
    'fuzz',
    '__proto__',
    'constructor',
    '',
    '\u0000',
    'a'.repeat(1000),
    'id',
    'stage',
    'seq',
    'roles',
  );
  const extra = fc
    .tuple(valid, unknownKeys, fc.constantFrom<JsonTree>(1, 'x', { polluted: true }, null))
    .map(([v, k, val]) => {
      const entries =
        v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, JsonTree>) : [];
      return json(new Entries([...entries, [k, val]]), [
        `body:unknown-field:${JSON.stringify(k).slice(0, 20)}`,
      ]);
    });
  const duplicateKeys = valid.map((v) => {
    const entries =
      v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, JsonTree>) : [];
    return json(new Entries([...entries, ...entries.map(([k]) => [k, { x: 1 }] as [string, JsonTree])]), [
      'body:duplicate-keys',
    ]);
  });
  const topLevel = fc.oneof(
    valid.map((v) => json([v], ['body:array-of-valid'])),
    fc.constantFrom(...WRONG_TYPES).map((t) => json(t.value, [`body:top-level:${t.tag}`])),
    nastyString.map((s) => json(s.value, [`body:top-level:string-${s.tag}`])),
  );
  const objectFields = fields.filter(
    (f) => f.schema.type === 'object' || f.schema.type === 'array' || f.schema.properties,
  );
  const nesting = fc
    .tuple(
      fc.constantFrom(20_000, 20_000, 5_000, 1_000, 100),
      fc.constantFrom<'array' | 'object'>('array', 'object'),
      fc.option(fc.constantFrom(...(objectFields.length ? objectFields : fields)), { nil: null }),
      valid,
    )
    .map(([depth, kind, field, v]) =>
      field
        ? json(setAt(v, field.path, deepNesting(depth, kind)), [
            `body:nesting-${depth}-${kind}:${field.path.join('.')}`,
          ])
        : json(deepNesting(depth, kind), [`body:nesting-${depth}-${kind}`]),
    );
  const nonJson = fc.constantFrom(...NON_JSON).map((t) => ({
    body: { kind: 'text', text: t.text, contentType: 'application/json' } as BodySpec,
    tags: [t.tag],
  }));
  const contentType = fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([v, ct]) => {
    if (ct.value === 'application/x-www-form-urlencoded') {
      const flat =
        v && typeof v === 'object' && !Array.isArray(v)
          ? Object.entries(v as Record<string, JsonTree>)
              .map(([k, x]) => `${pctEncode(k)}=${pctEncode(queryValue(x))}`)
              .join('&')
          : 'a=1';
      return {
        body: { kind: 'text', text: flat + '&draft%5Breference%5D=x', contentType: ct.value } as BodySpec,
        tags: [ct.tag],
      };
    }
    if (ct.value?.startsWith('multipart')) {
      return {
        body: {
          kind: 'text',
          text: '--fuzz\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmla\r\n--fuzz--\r\n',
          contentType: ct.value,
        } as BodySpec,
        tags: [ct.tag],
      };
    }
    return json(v, [ct.tag], { contentType: ct.value });
  });
  const encoding = fc
    .tuple(
      valid,
      fc.constantFrom<'gzip' | 'deflate' | 'gzip-broken' | 'br' | 'gzip-gzip'>(
        'gzip',
        'deflate',
        'gzip-broken',
        'br',
        'gzip-gzip',
      ),
    )
    .map(([v, e]) => json(v, [`enc:${e}`], { encoding: e }));
  const charset = fc
    .tuple(
      valid,
      fc.constantFrom(
        {
          encoding: 'utf16le' as const,
          contentType: 'application/json; charset=utf-16le',
          tag: 'charset:utf16le',
        },
        { encoding: 'utf16le' as const, contentType: 'application/json', tag: 'charset:utf16le-unlabelled' },
        {
          encoding: 'latin1' as const,
          contentType: 'application/json; charset=iso-8859-1',
          tag: 'charset:latin1',
        },
        { encoding: 'latin1' as const, contentType: 'application/json', tag: 'charset:latin1-unlabelled' },
      ),
    )
    .map(([v, c]): BodyPick => ({
      body: { kind: 'charset', tree: v, encoding: c.encoding, contentType: c.contentType },
      tags: [c.tag],
    }));
  const bytes = fc
    .oneof(
      fc.constantFrom(
        {
          tag: 'bytes:invalid-utf8-in-string',
          bytes: Buffer.concat([
            Buffer.from('{"reason":"'),
            Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
            Buffer.from('"}'),
          ]),
        },
        { tag: 'bytes:utf8-bom', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]) },
        { tag: 'bytes:nul-bytes', bytes: Buffer.alloc(64) },
      ),
      fc
        .uint8Array({ minLength: 1, maxLength: 200 })
        .map((a) => ({ tag: 'bytes:random', bytes: Buffer.from(a) })),
    )
    .map((b) => ({
      body: { kind: 'bytes', bytes: b.bytes, contentType: 'application/json' } as BodySpec,
      tags: [b.tag],
    }));

  return fc.oneof(
    { weight: 20, arbitrary: valid.map((v) => json(v, ['body:validish'])) },
    { weight: 35, arbitrary: mutated },
    { weight: 6, arbitrary: extra },
    { weight: 2, arbitrary: duplicateKeys },
    { weight: 6, arbitrary: topLevel },
    { weight: 6, arbitrary: nesting },
    { weight: 7, arbitrary: nonJson },
    { weight: 7, arbitrary: contentType },
    { weight: 4, arbitrary: encoding },
    { weight: 3, arbitrary: charset },
    { weight: 3, arbitrary: bytes },
    { weight: 1, arbitrary: fc.constant<BodyPick>({ body: null, tags: ['body:missing'] }) },
  );
}

/** A body for an operation that takes none: usually none, sometimes something anyway. */
const strayBody: fc.Arbitrary<BodyPick> = fc.oneof(
  { weight: 17, arbitrary: fc.constant<BodyPick>({ body: null, tags: [] }) },
  {
    weight: 1,
    arbitrary: fc.constant<BodyPick>({
      body: { kind: 'json', tree: { fuzz: 1 } },
      tags: ['body:stray-json'],
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constant<BodyPick>({
      body: { kind: 'json', tree: deepNesting(20_000, 'array') },
      tags: ['body:stray-nesting-20000'],
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...NON_JSON).map((t): BodyPick => ({
      body: { kind: 'text', text: t.text, contentType: 'application/json' },
      tags: [`body:stray-${t.tag}`],
    })),
  },
);

const IDEMPOTENCY_KEYS: { tag: string; value: string }[] = [
  { tag: 'idem:repeat-1', value: 'fuzz-key-1' },
  { tag: 'idem:repeat-2', value: 'fuzz-key-2' },
  { tag: 'idem:long', value: 'k'.repeat(300) },
  { tag: 'idem:spaces', value: 'a b' },
  { tag: 'idem:latin1', value: '\u00e9\u00e8' },
  { tag: 'idem:empty', value: '' },
  { tag: 'idem:slashes', value: '../../x' },
  { tag: 'idem:huge', value: 'k'.repeat(6000) },
  { tag: 'idem:tab', value: 'a\tb' },
];

function headersArb(m: OpModel): fc.Arbitrary<HeaderPick> {
  const names = new Set(m.op.headerParams.map((h) => h.name.toLowerCase()));
  const parts: fc.Arbitrary<HeaderPick>[] = [];
  if (names.has('idempotency-key')) {
    parts.push(
      fc.oneof(
        { weight: 5, arbitrary: fc.constant<HeaderPick>({ headers: {}, tags: [] }) },
        {
          weight: 3,
          arbitrary: fc
            .uuid()
            .map((u) => ({ headers: { 'Idempotency-Key': `fuzz-${u}` }, tags: ['idem:fresh'] })),
        },
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...IDEMPOTENCY_KEYS)
            .map((k) => ({ headers: { 'Idempotency-Key': k.value }, tags: [k.tag] })),
        },
      ),
    );
  }
  if (names.has('prefer')) {
    parts.push(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<HeaderPick>({ headers: {}, tags: [] }) },
        {
          weight: 3,
          arbitrary: fc.constant<HeaderPick>({
            headers: { Prefer: 'respond-async' },
            tags: ['prefer:async'],
          }),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('RESPOND-ASYNC, wait=0', 'respond-async'.repeat(100), 'wait=999999', '\u00e9')
            .map((v) => ({ headers: { Prefer: v }, tags: ['prefer:odd'] })),
        },
      ),
    );
  }
  parts.push(
    fc.oneof(
      { weight: 12, arbitrary: fc.constant<HeaderPick>({ headers: {}, tags: [] }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<HeaderPick>(
          { headers: { 'X-Request-Id': 'x'.repeat(2000) }, tags: ['hdr:request-id-huge'] },
          { headers: { 'X-Request-Id': '\u00e9\t"\'' }, tags: ['hdr:request-id-odd'] },
          { headers: { Accept: 'application/xml' }, tags: ['hdr:accept-xml'] },
          { headers: { 'Accept-Charset': 'utf-16' }, tags: ['hdr:accept-charset'] },
          { headers: { 'X-Forwarded-For': '127.0.0.1, 10.0.0.1, ::1' }, tags: ['hdr:x-forwarded-for'] },
          { headers: { 'X-HTTP-Method-Override': 'DELETE' }, tags: ['hdr:method-override'] },
          { headers: { Origin: 'https://evil.example' }, tags: ['hdr:origin'] },
        ),
      },
    ),
  );
  return fc.tuple(...parts).map((items) => ({
    headers: Object.assign({}, ...items.map((i) => i.headers)),
    tags: items.flatMap((i) => i.tags),
  }));
}

// Who takes each action on an HN→US case, as the operation's description lists them.
const ACTION_SIDES: Record<string, string[]> = {
  submit: ['prosecutor.hn'],
  answer_supplementary_information: ['prosecutor.hn'],
  close: ['prosecutor.hn'],
  withdraw: ['prosecutor.hn'],
  internal_approve: ['supervisor.hn-office'],
  internal_return: ['supervisor.hn-office'],
  approve: ['central.hn'],
  return: ['central.hn'],
  reject: ['central.hn'],
  record_translation: ['central.hn'],
  transmit: ['central.hn'],
  acknowledge: ['central.us'],
  begin_execution: ['central.us'],
  request_supplementary_information: ['central.us'],
  record_partial_response: ['central.us'],
  record_final_response: ['central.us'],
  refuse: ['central.us'],
  extend_deadline: ['supervisor.hn', 'supervisor.us'],
};

/**
 * For an operation with an {action} path parameter: a real case, an action and the body the
 * document's example for that action gives (or a reason), sometimes with one field malformed,
 * sent by someone who may plausibly take it. This is what reaches the workflow's own validation.
 */
function coherentActionArb(m: OpModel): fc.Arbitrary<Omit<FuzzRequest, 'index' | 'phase'>> | null {
  const param = m.op.pathParams.find((p) => p.name === 'action');
  const actions = (param?.schema.enum as string[] | undefined) ?? [];
  if (!actions.length || !m.body) return null;
  const examples = new Map(m.op.bodyExamples.map((e) => [e.name, e.value as JsonTree]));
  const fieldArb = m.bodyFields.length
    ? fc.option(
        fc.constantFrom(...m.bodyFields).chain((f) => nastyFor(f.name, f.schema).map((n) => ({ f, n }))),
        { nil: null, freq: 2 },
      )
    : fc.constant(null);
  return fc
    .tuple(fc.nat(), fc.constantFrom(...actions), fc.nat(), fieldArb)
    .map(([k, action, who, mutation]) => {
      let tree: JsonTree = examples.get(action) ?? (who % 2 ? { reason: 'Fuzz reason for the action' } : {});
      const tags = [`action:${action}`];
      if (mutation) {
        tree = setAt(tree, mutation.f.path, mutation.n.value);
        tags.push(`body:${mutation.f.path.join('.')}:${mutation.n.tag}`);
      } else tags.push('body:validish');
      const path: PathPart[] = m.op.path
        .split(/(\{[^}]+\})/)
        .filter(Boolean)
        .map((seg) =>
          seg === '{action}'
            ? { kind: 'literal', text: action }
            : seg === '{id}'
              ? { kind: 'pool', pool: 'caseHnUs', k }
              : { kind: 'literal', text: seg },
        );
      // Mostly the side the document's description names for the action, sometimes anyone.
      const prefer =
        who % 5 === 0 ? ACTOR_GROUPS.caseActors : (ACTION_SIDES[action] ?? ACTOR_GROUPS.caseActors);
      return {
        op: m.op.key,
        method: m.op.method,
        path,
        query: [],
        headers: {},
        auth: { kind: 'actor', prefer, k: who },
        body: { kind: 'json', tree },
        tags: ['coherent-action', ...tags],
      };
    });
}

export function randomRequestArb(m: OpModel): fc.Arbitrary<Omit<FuzzRequest, 'index' | 'phase'>> {
  const coherent = coherentActionArb(m);
  const general = randomRequestArbGeneral(m);
  return coherent ? fc.oneof({ weight: 1, arbitrary: coherent }, { weight: 1, arbitrary: general }) : general;
}

function randomRequestArbGeneral(m: OpModel): fc.Arbitrary<Omit<FuzzRequest, 'index' | 'phase'>> {
  return fc
    .tuple(pathArb(m, 6), queryArb(m), headersArb(m), authArb(m), m.body ? bodyArb(m) : strayBody)
    .map(([p, qy, h, a, b]) => ({
      op: m.op.key,
      method: m.op.method,
      path: p.parts,
      query: qy.parts,
      headers: h.headers,
      auth: a.auth,
      body: b.body,
      tags: [...p.tags, ...qy.tags, ...h.tags, ...a.tags, ...b.tags],
    }));
}

// --- the sweep ----------------------------------------------------------------------------------

/** One value of a sample, reproducible from (seed, salt). */
export function sampleOne<T>(arb: fc.Arbitrary<T>, seed: number, salt: number): T {
  return fc.sample(arb, { seed: mix(seed, salt), numRuns: 1 })[0];
}

/** A 32-bit seed for one request, from the run's seed and the request's position. */
export function mix(seed: number, salt: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (salt + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/** Groups of date fields set together: a top-level field alone, the fields of one object together. */
function dateGroups(m: OpModel): { label: string; paths: string[][] }[] {
  const groups = new Map<string, string[][]>();
  for (const f of m.bodyFields) {
    if (!isDateish(f.name, f.schema) || f.schema.type !== 'string') continue;
    const parent = f.path.slice(0, -1).join('.');
    const label = parent ? parent : f.path.join('.');
    groups.set(label, [...(groups.get(label) ?? []), f.path]);
  }
  return [...groups].map(([label, paths]) => ({ label, paths }));
}

/**
 * The deterministic part of the run: for each operation, every class of malformed string in
 * every free-text field at once, each sweep date in each group of date fields, wrong types,
 * structural and encoding variants, bogus path parameters, malformed query values and crafted
 * cursors, and the credentials a guard must refuse. Valid-ish starting points and the choice of
 * ids come from the seed.
 */
export function sweepRequests(models: OpModel[], seed: number): Omit<FuzzRequest, 'index' | 'phase'>[] {
  const out: Omit<FuzzRequest, 'index' | 'phase'>[] = [];
  models.forEach((m, opIndex) => {
    let salt = opIndex * 1000;
    const base = (extraTags: string[], over: Partial<Omit<FuzzRequest, 'index' | 'phase'>> = {}) => {
      salt++;
      const path = sampleOne(pathArb(m, 1_000_000), seed, salt).parts;
      const query = sampleOne(
        m.op.queryParams.length
          ? queryArb(m).filter((x) => x.tags.length === 0)
          : fc.constant<{ parts: QueryPart[]; tags: string[] }>({ parts: [], tags: [] }),
        seed,
        salt + 500,
      ).parts;
      const validBody = m.body
        ? ({ kind: 'json', tree: sampleOne(validish(m.ctx, m.body, ''), seed, salt + 250) } as BodySpec)
        : null;
      out.push({
        op: m.op.key,
        method: m.op.method,
        path,
        query,
        headers: {},
        auth: { kind: 'actor', prefer: m.prefer, k: salt },
        body: validBody,
        tags: ['sweep', ...extraTags],
        ...over,
      });
    };
    const freeText = m.bodyFields.filter((f) => isFreeText(f.name, f.schema));
    const withFields = (paths: string[][], value: JsonTree): BodySpec => {
      let tree = sampleOne(validish(m.ctx, m.body!, ''), seed, salt + 250);
      for (const p of paths) tree = setAt(tree, p, value);
      return { kind: 'json', tree };
    };

    base(['body:validish']);
    base(['auth:none'], { auth: { kind: 'none' } });
    base(['auth:forged-sub-not-uuid'], { auth: { kind: 'forged', variant: 'sub-not-uuid' } });
    base([`auth:forged-${FORGED_VARIANTS[opIndex % FORGED_VARIANTS.length]}`], {
      auth: { kind: 'forged', variant: FORGED_VARIANTS[opIndex % FORGED_VARIANTS.length] },
    });
    base(['auth:malformed'], {
      auth: { kind: 'header', value: MALFORMED_AUTH[opIndex % MALFORMED_AUTH.length] },
    });

    if (m.body) {
      if (freeText.length) {
        for (const cls of Object.keys(STRING_CLASSES)) {
          base([`body:free-text:${cls}`], {
            body: withFields(
              freeText.map((f) => f.path),
              STRING_CLASSES[cls][0],
            ),
          });
        }
      }
      for (const group of dateGroups(m)) {
        for (const d of SWEEP_DATES)
          base([`body:${group.label}:date:${d}`], { body: withFields(group.paths, d) });
      }
      const leaves = m.bodyFields.filter((f) => !f.schema.properties && f.schema.type !== 'array');
      if (leaves.length) {
        let tree = sampleOne(validish(m.ctx, m.body, ''), seed, salt + 250);
        leaves.forEach((f, i) => (tree = setAt(tree, f.path, WRONG_TYPES[i % WRONG_TYPES.length].value)));
        base(['body:wrong-types'], { body: { kind: 'json', tree } });
      }
      base(['body:nesting-20000-array'], { body: { kind: 'json', tree: deepNesting(20_000, 'array') } });
      const nested =
        m.bodyFields.find((f) => f.schema.properties || f.schema.type === 'array') ?? m.bodyFields[0];
      if (nested)
        base([`body:nesting-20000-object:${nested.path.join('.')}`], {
          body: withFields([nested.path], deepNesting(20_000, 'object')),
        });
      base(['text:truncated'], {
        body: { kind: 'text', text: '{"kind": ', contentType: 'application/json' },
      });
      base(['body:top-level:array'], {
        body: { kind: 'json', tree: [sampleOne(validish(m.ctx, m.body, ''), seed, salt)] },
      });
      base(['ct:text-plain'], {
        body: {
          kind: 'json',
          tree: sampleOne(validish(m.ctx, m.body, ''), seed, salt),
          contentType: 'text/plain',
        },
      });
      base(['ct:json-utf16'], {
        body: {
          kind: 'json',
          tree: sampleOne(validish(m.ctx, m.body, ''), seed, salt),
          contentType: 'application/json; charset=utf-16',
        },
      });
      base(['enc:gzip'], {
        body: { kind: 'json', tree: sampleOne(validish(m.ctx, m.body, ''), seed, salt), encoding: 'gzip' },
      });
      base(['body:unknown-field'], {
        body: {
          kind: 'json',
          tree: new Entries([
            ['fuzz', 1],
            ['__proto__', { polluted: true }],
          ]),
        },
      });
    } else {
      base(['body:stray-nesting-20000'], { body: { kind: 'json', tree: deepNesting(20_000, 'array') } });
    }

    for (const [name] of Object.entries(m.paramPools)) {
      if (m.paramPools[name] === 'enum') continue;
      const at = m.op.path
        .split(/(\{[^}]+\})/)
        .filter(Boolean)
        .findIndex((s) => s === `{${name}}`);
      for (const bogus of ['param:not-uuid', 'param:nil-uuid', 'param:nul', 'param:invalid-utf8']) {
        const text = BOGUS_PATH_PARAMS.find((b) => b.tag === bogus)!.text;
        salt++;
        const path = sampleOne(pathArb(m, 1_000_000), seed, salt).parts;
        path[at] = { kind: 'raw', text };
        out.push({
          op: m.op.key,
          method: m.op.method,
          path,
          query: [],
          headers: {},
          auth: { kind: 'actor', prefer: m.prefer, k: salt },
          body: m.body ? { kind: 'json', tree: sampleOne(validish(m.ctx, m.body, ''), seed, salt) } : null,
          tags: ['sweep', bogus],
        });
      }
    }

    for (const p of m.op.queryParams) {
      const s = resolve(m.ctx.doc, p.schema);
      base([`query:${p.name}:%00`], { query: [{ kind: 'raw', text: `${pctEncode(p.name)}=%00` }] });
      if (isDateish(p.name, s))
        for (const d of SWEEP_DATES) base([`query:${p.name}:date:${d}`], { query: [q(p.name, d)] });
    }
    if (m.op.queryParams.length) base(['query:unknown'], { query: [q('fuzz', '1')] });
    if (m.op.queryParams.some((p) => p.name === 'cursor')) {
      CRAFTED_CURSORS.forEach((c, i) => base([`query:cursor:crafted-${i}`], { query: [q('cursor', c)] }));
    }
  });
  return out;
}
