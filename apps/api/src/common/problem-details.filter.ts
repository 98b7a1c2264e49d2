import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { problemType, type ProblemDetails } from './problem';

// Every error leaves the api as application/problem+json; unknown errors are logged
// and answered with a bare 500 so no internal detail leaks.
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(exception);
    if (body.status >= 500 && body.status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception }, 'Unhandled error');
    }
    // Unavailable is temporary by definition: tell clients when to try again.
    if (body.status === HttpStatus.SERVICE_UNAVAILABLE && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
    res.status(body.status).type('application/problem+json').json(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    // Errors from Express middleware (body-parser: body too large, malformed JSON) carry a 4xx status.
    if (isClientError(exception)) {
      const status = exception.status;
      return {
        type: problemType(status),
        title: status === HttpStatus.PAYLOAD_TOO_LARGE ? 'Payload Too Large' : 'Bad Request',
        status,
        detail: exception.message,
      };
    }
    if (!(exception instanceof HttpException)) {
      const status = HttpStatus.INTERNAL_SERVER_ERROR;
      return { type: problemType(status), title: 'Internal Server Error', status };
    }
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'title' in response) {
      return response as ProblemDetails;
    }
    const message =
      typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
    return {
      type: problemType(status),
      // NestJS 12 hands Express's own 4xx errors (body too large) on as a bare HttpException.
      title:
        exception.name === 'HttpException'
          ? (STATUS_CODES[status] ?? 'Error')
          : exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
      status,
      detail: Array.isArray(message) ? message.join('; ') : message,
    };
  }
}

function isClientError(e: unknown): e is { status: number; message: string } {
  if (e instanceof HttpException || typeof e !== 'object' || e === null) return false;
  const { status, expose } = e as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
