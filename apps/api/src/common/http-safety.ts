import type { NextFunction, Request, Response } from 'express';
import { HttpStatus, Logger } from '@nestjs/common';
import { redactUrl } from '@comity/config';
import { API_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX } from '@comity/auth';
import { ProblemException } from './problem';

// Query parameter names that carry credentials (compared lower-cased, without - and _).
const CREDENTIAL_NAMES = new Set([
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'token',
  'apitoken',
  'apikey',
  'jwt',
  'bearer',
  'auth',
  'authorization',
  'password',
  'clientsecret',
]);

// Values that are ours or any JWT, whatever the parameter is called (e.g. pasted into q).
const CREDENTIAL_VALUE = new RegExp(
  `(^|[^A-Za-z0-9])(${API_TOKEN_PREFIX}|${REFRESH_TOKEN_PREFIX})[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.|^bearer\\s`,
  'i',
);

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** True when the URL's query string carries a credential by name or by shape. */
export function hasCredentialInUrl(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0) return false;
  return url
    .slice(at + 1)
    .split('&')
    .some((pair) => {
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq))
        .toLowerCase()
        .replace(/[-_\s]/g, '');
      return CREDENTIAL_NAMES.has(name) || (eq >= 0 && CREDENTIAL_VALUE.test(decode(pair.slice(eq + 1))));
    });
}

// Credentials in a URL end up in proxy and server logs, browser history and Referer headers, so
// the api refuses them outright (400) instead of ignoring them: tokens go in the Authorization
// header, passwords in the body. Runs first, before anything reads the request.
export function refuseCredentialsInUrl() {
  // Refused before the request log sees the request, so noted here (query values redacted).
  const logger = new Logger('CredentialsInUrl');
  return (req: Request, _res: Response, next: NextFunction): void => {
    const url = req.originalUrl ?? req.url;
    if (hasCredentialInUrl(url)) {
      logger.warn(
        { method: req.method, url: redactUrl(url) },
        'Refused a request with credentials in its URL',
      );
      next(
        new ProblemException(
          HttpStatus.BAD_REQUEST,
          'Credentials in the URL',
          'Send tokens in the Authorization header and passwords in the request body, never in the URL',
        ),
      );
      return;
    }
    next();
  };
}

// Answers that carry tokens or case data must not be kept by browsers or shared caches. Every
// answer of the api is authenticated or a token answer, so all carry no-store; only the static
// OpenAPI pages may be cached.
export function noStore() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!(req.originalUrl ?? req.url).startsWith('/api/docs')) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
