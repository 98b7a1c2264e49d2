import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { HeadersObject, SchemaObject } from '@nestjs/swagger';
import type { Request } from 'express';
import { API_SCHEMAS, schemaRef } from './api-schemas';

// The OpenAPI document as a contract (issue #17): response models, problem responses and headers
// as the api really sends them.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed request: a body that is not JSON, a credential in the URL, a bad header or parameter',
  401: 'No valid bearer token (or wrong credentials on login)',
  403: 'The caller may not do this',
  404: 'Not found, or not visible to the caller',
  409: "The case's stage does not allow the action; carries the case's `stage` and the caller's `allowedActions`",
  413: 'The body is larger than the limit',
  415: 'Unsupported content type',
  422: 'Validation failed: every invalid field is named in `errors`',
  429: 'Too many requests: wait the Retry-After seconds',
  503: 'A dependency was unreachable; nothing was applied: send it again after Retry-After seconds',
};

export const RETRY_AFTER: HeadersObject = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
};

function problemResponse(status: number) {
  return {
    description: PROBLEM_TEXT[status] ?? 'Problem',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaRef('ProblemDetails') } },
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
  };
}

/** Problem responses (application/problem+json, ProblemDetails) an operation answers. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));
}

/** A JSON answer whose body is one of the API_SCHEMAS (by name), optionally an array of them. */
export function ApiJson(
  status: number,
  schema: string | SchemaObject,
  description: string,
  headers?: HeadersObject,
) {
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: typeof schema === 'string' ? schemaRef(schema) : schema } },
    ...(headers ? { headers } : {}),
  });
}

/** A header read from the request without making it a required parameter of the document. */
export const OptionalHeader = createParamDecorator(
  (name: string, ctx: ExecutionContext): string | undefined => {
    const value = ctx.switchToHttp().getRequest<Request>().headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  },
);

// Answers every operation may give: 400 (a credential in the URL, a malformed body), 429 (rate
// limits), 503 with Retry-After (the database unreachable, e.g. restarting), 401 unless the
// operation is public, 413 and 415 where it takes a body; 500 as a problem without detail.
const EVERY_OPERATION = [400, 429, 503];
const PUBLIC_PATHS = new Set(['/health', '/api/v1/auth/login', '/api/v1/auth/refresh']);

/** Adds the response models and the problems every operation shares to a built document. */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...API_SCHEMAS };
  // Every operation needs a bearer token except the public ones.
  document.security = [{ bearer: [] }];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (!op) continue;
      const open = PUBLIC_PATHS.has(path);
      if (open) op.security = [];
      else delete op.security;
      const statuses = [...EVERY_OPERATION, ...(open ? [] : [401]), ...(op.requestBody ? [413, 415] : [])];
      for (const status of statuses) op.responses[String(status)] ??= problemResponse(status);
      op.responses['500'] ??= {
        description: 'Unexpected error (no detail is given)',
        content: problemResponse(500).content,
      };
    }
  }
  return document;
}
