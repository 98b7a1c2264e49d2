import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import Ajv, { type ValidateFunction } from 'ajv';

// The OpenAPI document as a contract (issue #17): every answer the api gives an e2e test is
// recorded here, and after each test file every record must match the document: its status code
// documented for its operation, its content type among the documented ones, its body valid
// against the documented schema.

export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}
interface Operation {
  operationId?: string;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

declare global {
  var __COMITY_API_RESPONSES__: RecordedResponse[] | undefined;
  var __COMITY_OPENAPI__: OpenApiDocument | undefined;
}

const MAX_BODY = 1_000_000;

/** Express middleware recording every answer (method, path, status, content type and body). */
export function recordResponses() {
  const records = (globalThis.__COMITY_API_RESPONSES__ ??= []);
  return (req: Request, res: Response, next: NextFunction): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_BODY) return;
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buf.length;
      chunks.push(buf);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as Response['write'];
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as Response['end'];
    res.once('finish', () => {
      const type = res.getHeader('content-type');
      records.push({
        method: req.method,
        path: (req.originalUrl ?? req.url).split('?')[0],
        status: res.statusCode,
        contentType: type === undefined ? null : String(type),
        body: size > MAX_BODY ? '' : Buffer.concat(chunks).toString('utf8'),
      });
    });
    next();
  };
}

export function rememberDocument(document: OpenApiDocument): void {
  globalThis.__COMITY_OPENAPI__ = document;
}

/** Takes the responses recorded so far (they are checked once). */
export function takeRecordedResponses(): RecordedResponse[] {
  return (globalThis.__COMITY_API_RESPONSES__ ?? []).splice(0);
}

// Answers that are not api operations: the docs themselves, and the web application's files
// (everything outside /api and /health, served at /). Paths under /api no route serves still must
// answer a problem document (below).
const NOT_OPERATIONS = [/^\/api\/docs(-json|-yaml)?(\/|$)/, /^(?!\/api(\/|$)|\/health(\/|$))/];

/** The mismatches between the recorded answers and the document, as messages for people. */
export function checkAgainstDocument(document: OpenApiDocument, records: RecordedResponse[]): string[] {
  const validators = new Validators(document);
  const routes = Object.entries(document.paths).map(([template, ops]) => ({
    template,
    regex: new RegExp(
      '^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '/?$',
    ),
    ops,
  }));
  const problems = new Set<string>();
  for (const r of records) {
    if (NOT_OPERATIONS.some((re) => re.test(r.path))) continue;
    const method = r.method.toLowerCase();
    if (method === 'options' || method === 'head') continue;
    const route = routes.find((x) => x.regex.test(r.path) && x.ops[method]);
    if (!route) {
      // Not an operation of the document (a path or a method the api does not serve, refused before
      // routing): only a problem document may answer it.
      if (!isProblem(r) || r.status < 400) {
        problems.add(
          `${r.method} ${r.path} is no operation of the document, yet answered ${r.status} ${r.contentType}: ${r.body.slice(0, 200)}`,
        );
      }
      continue;
    }
    const op = route.ops[method];
    const where = `${method.toUpperCase()} ${route.template}`;
    const response =
      op.responses?.[String(r.status)] ?? op.responses?.[`${String(r.status)[0]}XX`] ?? op.responses?.default;
    if (!response) {
      problems.add(
        `${where}: status ${r.status} is not documented (documented: ${Object.keys(op.responses ?? {}).join(', ')}); body ${r.body.slice(0, 300)}`,
      );
      continue;
    }
    const content = response.content;
    if (!content || Object.keys(content).length === 0) {
      if (r.body.length > 0 && r.status !== 304) {
        problems.add(
          `${where} ${r.status}: the document declares no body, the api sent ${r.contentType}: ${r.body.slice(0, 200)}`,
        );
      }
      continue;
    }
    const mediaType = (r.contentType ?? '').split(';')[0].trim().toLowerCase();
    const media = content[mediaType];
    if (!media) {
      problems.add(
        `${where} ${r.status}: content type ${r.contentType} is not documented (documented: ${Object.keys(content).join(', ')})`,
      );
      continue;
    }
    if (!media.schema || !/json$/.test(mediaType)) continue;
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      problems.add(`${where} ${r.status}: the body is not JSON: ${r.body.slice(0, 200)}`);
      continue;
    }
    const validate = validators.get(`${where} ${r.status} ${mediaType}`, media.schema);
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
        .join('; ');
      problems.add(
        `${where} ${r.status}: the body does not match the schema: ${errors}; body ${r.body.slice(0, 400)}`,
      );
    }
  }
  return [...problems];
}

function isProblem(r: RecordedResponse): boolean {
  if (!/^application\/problem\+json/.test(r.contentType ?? '')) return false;
  try {
    const b = JSON.parse(r.body) as Record<string, unknown>;
    return typeof b.type === 'string' && typeof b.title === 'string' && b.status === r.status;
  } catch {
    return false;
  }
}

// One Ajv instance per document; schemas refer to the document's components by JSON pointer.
class Validators {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.ajv.addSchema({ $id: 'openapi.json', components: rewriteRefs(document.components ?? {}) });
  }

  get(key: string, schema: unknown): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(rewriteRefs(schema) as object);
      this.cache.set(key, v);
    }
    return v;
  }
}

// OpenAPI 3.0 to JSON Schema: references into the document, `nullable` as a union with null.
function rewriteRefs(value: unknown): unknown {
  return toJsonSchema(JSON.parse(JSON.stringify(value).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/')));
}

function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'example' || k === 'examples' ? v : toJsonSchema(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** Writes the records to a directory for people to read (COMITY_RECORD_RESPONSES=dir). */
export function dumpRecords(dir: string, name: string, records: RecordedResponse[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.jsonl`), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
