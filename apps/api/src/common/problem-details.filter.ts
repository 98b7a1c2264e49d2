import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ProblemException, problemType, type ProblemDetails } from './problem';

// Seconds a client should wait when the answer itself does not say (429 from elsewhere, 503).
const DEFAULT_RETRY_AFTER: Partial<Record<number, string>> = {
  [HttpStatus.TOO_MANY_REQUESTS]: '60',
  [HttpStatus.SERVICE_UNAVAILABLE]: '5',
};

// Every error leaves the api as application/problem+json; unknown errors are logged (the logger's
// error serializer keeps SQL and its parameters out) and answered with a bare 500 so no internal
// detail leaks. Titles are the standard reason phrases unless the problem chose a plain one.
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(exception);
    if (body.status >= 500 && body.status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception }, 'Unhandled error');
    }
    // Temporary by definition: tell clients when to try again, in the standard header.
    if (exception instanceof ProblemException && exception.retryAfterSeconds) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    const fallback = DEFAULT_RETRY_AFTER[body.status];
    if (fallback && !res.getHeader('Retry-After')) res.setHeader('Retry-After', fallback);
    res.status(body.status).type('application/problem+json').json(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    // Errors from Express middleware (body-parser: body too large, malformed JSON) carry a 4xx status.
    if (isClientError(exception)) {
      const status = exception.status;
      return {
        type: problemType(status),
        title: reasonPhrase(status),
        status,
        detail: plainDetail(exception.message),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return {
        type: problemType(status),
        title: reasonPhrase(status),
        status,
        detail: 'the database is unavailable; try again shortly',
      };
    }
    if (!(exception instanceof HttpException)) {
      const status = HttpStatus.INTERNAL_SERVER_ERROR;
      return { type: problemType(status), title: reasonPhrase(status), status };
    }
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'title' in response) {
      return response as ProblemDetails;
    }
    // Nest's own and third-party HttpExceptions: the reason phrase, never the class name.
    const message =
      typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
    return {
      type: problemType(status),
      title: reasonPhrase(status),
      status,
      detail: plainDetail(Array.isArray(message) ? message.join('; ') : message),
    };
  }
}

// PostgreSQL restarting, failing over or out of connections: SQLSTATE 08 (connection), 57P01-03
// (shutdown, cannot connect now), 53300 (too many connections), or the driver's own socket errors.
// Temporary, so 503 with Retry-After rather than 500.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const LOST_CONNECTION =
  /Connection terminated|connection is closed|Client has encountered a connection error/i;

function isDatabaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  type Coded = { code?: string; message?: string };
  const driver: Coded = (e as { driverError?: Coded }).driverError ?? (e as Coded);
  const code = typeof driver.code === 'string' ? driver.code : '';
  return (
    UNAVAILABLE_SQLSTATE.test(code) ||
    UNAVAILABLE_SOCKET.has(code) ||
    LOST_CONNECTION.test(driver.message ?? e.message)
  );
}

function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
}

// A message that names a class or an exception ("ThrottlerException: Too Many Requests") says
// nothing a person needs; it is left out.
function plainDetail(message: string | undefined): string | undefined {
  if (!message || /[A-Za-z]*(Exception|Error)\b/.test(message)) return undefined;
  return message;
}

function isClientError(e: unknown): e is { status: number; message: string } {
  if (e instanceof HttpException || typeof e !== 'object' || e === null) return false;
  const { status, expose } = e as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
