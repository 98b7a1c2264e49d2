import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REDACTED = '[REDACTED]';

// Structured JSON logs; request ids come from X-Request-Id when a proxy set one. What a log line
// may carry is decided here, for the api and the worker alike:
// - requests: method, path and request id; every query value is replaced by [REDACTED] (search
//   text, filters, a token someone put in the URL); no header is logged; answers: the status;
// - errors: name, message, stack and the database's error code and object names, never the SQL
//   statement, its parameters or the driver's detail (which quotes the row's values).
export function pinoParams(level: string): Params {
  return {
    // Named wildcard: the path-to-regexp of Nest 11 no longer accepts a bare '*'.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage) => {
        const header = req.headers['x-request-id'];
        return typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
      },
      // Belt and braces: the req serializer below logs no headers at all.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      customProps: () => ({}),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        ...errorSerializers,
      },
    },
  };
}

/** `/cases?q=text&stage=draft` → `/cases?q=[REDACTED]&stage=[REDACTED]`: names stay, values go. */
export function redactUrl(url: string | undefined): string | undefined {
  if (typeof url !== 'string') return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return name.length > 64 ? REDACTED : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

// Properties of database errors (TypeORM's QueryFailedError, node-postgres' DatabaseError) that
// carry the statement, its parameters or row values.
const DROPPED = new Set([
  'query',
  'parameters',
  'driverError',
  'detail',
  'where',
  'internalQuery',
  'internalPosition',
  'position',
  'hint',
  'sql',
]);
// What a database error may keep: its class of failure and the names of the objects involved.
const DB_KEPT = ['code', 'severity', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'];

function isDatabaseError(e: Record<string, unknown>): boolean {
  return (
    e.name === 'QueryFailedError' ||
    'driverError' in e ||
    'parameters' in e ||
    (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string')
  );
}

// Database messages quote values ('invalid input syntax for type uuid: "…"'); the quotes go.
function scrubDbMessage(message: string): string {
  return message.replace(/"[^"]*"/g, `"${REDACTED}"`).replace(/'[^']*'/g, `'${REDACTED}'`);
}

/** An error as a log line may show it (see pinoParams); for pino's `err` and `error` keys. */
export function serializeError(input: unknown, depth = 0): unknown {
  if (typeof input !== 'object' || input === null) return input;
  // pino-http hands its err serializer pino's own serialization, with the error itself as `raw`.
  const raw = (input as { raw?: unknown }).raw;
  const value = typeof raw === 'object' && raw !== null ? raw : input;
  const e = value as Record<string, unknown> & { message?: unknown; stack?: unknown };
  const database = isDatabaseError(e);
  const out: Record<string, unknown> = {
    type: (value as { constructor?: { name?: string } }).constructor?.name ?? 'Object',
  };
  const message = typeof e.message === 'string' ? e.message : undefined;
  const shownMessage = message !== undefined && database ? scrubDbMessage(message) : message;
  if (shownMessage !== undefined) out.message = shownMessage;
  if (typeof e.stack === 'string') {
    out.stack = message && shownMessage !== message ? e.stack.split(message).join(shownMessage) : e.stack;
  }
  if (database) {
    const driver = (typeof e.driverError === 'object' && e.driverError ? e.driverError : {}) as Record<
      string,
      unknown
    >;
    for (const key of DB_KEPT) {
      const v = e[key] ?? driver[key];
      if (typeof v === 'string' || typeof v === 'number') out[key] = v;
    }
  } else {
    for (const [key, v] of Object.entries(e)) {
      if (key in out || DROPPED.has(key) || key === 'cause' || typeof v === 'function') continue;
      out[key] = v instanceof Error ? serializeError(v, depth + 1) : v;
    }
  }
  if (e.cause !== undefined && depth < 5) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

export const errorSerializers = {
  err: (e: unknown) => serializeError(e),
  error: (e: unknown) => serializeError(e),
};
