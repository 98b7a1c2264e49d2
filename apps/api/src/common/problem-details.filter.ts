import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { problemType, type ProblemDetails } from './problem';

// Every error leaves the api as application/problem+json; unknown errors are logged
// and answered with a bare 500 so no internal detail leaks.
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(exception);
    if (body.status >= 500) this.logger.error({ err: exception }, 'Unhandled error');
    res.status(body.status).type('application/problem+json').json(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
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
      typeof response === 'string'
        ? response
        : (response as { message?: string | string[] }).message;
    return {
      type: problemType(status),
      title: exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
      status,
      detail: Array.isArray(message) ? message.join('; ') : message,
    };
  }
}
