// The operations of the api as its own OpenAPI document describes them (GET /api/docs-json).

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

interface RawParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  operationId?: string;
  parameters?: RawParameter[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: Schema; examples?: Record<string, { value: unknown }> }>;
  };
  security?: unknown[];
}

export interface OpenApiDocument {
  openapi?: string;
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /api/v1/cases/{id}/actions/{action}": the key counts and reports use. */
  key: string;
  method: string;
  /** The path template of the document. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** The JSON body's schema ($refs resolved lazily through `resolve`), if the operation takes one. */
  body: Schema | null;
  /** Named body examples from the document, used as valid starting points. */
  bodyExamples: { name: string; value: unknown }[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export async function loadOpenApi(baseUrl: string): Promise<OpenApiDocument> {
  const res = await fetch(`${baseUrl}/api/docs-json`);
  if (!res.ok) throw new Error(`GET /api/docs-json answered ${res.status}`);
  const doc = (await res.json()) as OpenApiDocument;
  if (!doc.paths || !Object.keys(doc.paths).length) throw new Error('the OpenAPI document has no paths');
  return doc;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: p.schema ?? { type: 'string' } }));
      const byIn = (where: RawParameter['in']) => {
        const seen = new Set<string>();
        // The document lists some headers twice (as declared and lower-cased): one is enough.
        return params
          .filter((p) => p.in === where && !seen.has(p.name.toLowerCase()) && seen.add(p.name.toLowerCase()))
          .map((p) => ({ name: p.name, required: !!p.required || where === 'path', schema: p.schema }));
      };
      const json = op.requestBody?.content?.['application/json'];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: byIn('path'),
        queryParams: byIn('query'),
        headerParams: byIn('header'),
        body: json?.schema ?? null,
        bodyExamples: Object.entries(json?.examples ?? {}).map(([name, e]) => ({ name, value: e.value })),
      });
    }
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}

export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = target;
  }
  if (s.allOf?.length) {
    const parts = s.allOf.map((p) => resolve(doc, p));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
    };
  }
  return s;
}

/** Leaf field paths of a body schema ("draft.offences.0.description"), to depth `maxDepth`. */
export function fieldPaths(
  doc: OpenApiDocument,
  schema: Schema,
  maxDepth = 4,
): { path: string[]; schema: Schema }[] {
  const out: { path: string[]; schema: Schema }[] = [];
  const walk = (s: Schema, path: string[], depth: number) => {
    const r = resolve(doc, s);
    if (path.length) out.push({ path, schema: r });
    if (depth >= maxDepth) return;
    if (r.properties) for (const [k, v] of Object.entries(r.properties)) walk(v, [...path, k], depth + 1);
    else if (r.type === 'array' && r.items) walk(r.items, [...path, '0'], depth + 1);
  };
  walk(schema, [], 0);
  return out;
}
