import type {
  CorsOptions,
  CorsOptionsDelegate,
} from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, Response } from 'express';

// The Temporal UI calls the codec endpoint from its own origin. It authenticates either with an
// Authorization header (its OIDC access token, "pass access token") or with cookies ("include
// cross-origin credentials"). For the latter an admin first stores the access token in this
// HttpOnly cookie (POST /codec/session); it is sent only to the codec's own path, and read only
// by its decode and encode routes.
export const CODEC_PATH = '/api/v1/codec';
export const CODEC_COOKIE = 'comity_codec';

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Middleware of POST /codec/decode and /codec/encode: the cookie stands in for a missing Authorization header. */
export function codecCookieAuth() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const token = readCookie(req.headers.cookie, CODEC_COOKIE);
    if (!req.headers.authorization && token) req.headers.authorization = `Bearer ${token}`;
    next();
  };
}

export function codecCookie(token: string, maxAgeSeconds: number | null, secure: boolean): string {
  return [
    `${CODEC_COOKIE}=${token}`,
    `Path=${CODEC_PATH}`,
    'HttpOnly',
    // The Temporal UI and the api on one site (e.g. 127.0.0.1:8233 and 127.0.0.1:3000, or
    // temporal.example.gov and api.example.gov): other sites never send it.
    'SameSite=Strict',
    ...(maxAgeSeconds === null ? [] : [`Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`]),
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

// CORS for the configured origins (CORS_ORIGINS), as everywhere in the api; the codec routes also
// accept the X-Namespace header the Temporal UI sends and, for the cookie, credentials.
export function withCodecCors(base: CorsOptions): CorsOptionsDelegate<Request> {
  const codec: CorsOptions = {
    ...base,
    methods: ['POST', 'DELETE'],
    allowedHeaders: [...((base.allowedHeaders as string[] | undefined) ?? []), 'X-Namespace'],
    credentials: true,
  };
  return (req, callback) =>
    callback(null, (req.originalUrl ?? req.url).startsWith(`${CODEC_PATH}/`) ? codec : base);
}
