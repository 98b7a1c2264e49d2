import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  /** RFC 9457 extension members, e.g. a case's current stage and allowed actions on a 409. */
  [extension: string]: unknown;
}

// An HTTP error whose body is already an RFC 9457 problem document. Titles are plain words for
// people; neither a title nor a detail names an internal class, exception or permission string.
export class ProblemException extends HttpException {
  /** Sent as the standard Retry-After header (seconds), not in the body. */
  retryAfterSeconds?: number;

  constructor(
    status: HttpStatus,
    title: string,
    detail?: string,
    errors?: FieldProblem[],
    extensions: Record<string, unknown> = {},
  ) {
    super({ ...extensions, type: problemType(status), title, status, detail, errors } satisfies ProblemDetails, status);
  }
}

export function problemType(status: number): string {
  return `https://comity.dev/problems/${status}`;
}

/** 429 with a Retry-After header: the client should wait that many seconds. */
export function tooManyRequests(retryAfterSeconds: number, detail = 'Too many requests; try again later'): ProblemException {
  const problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'Too Many Requests', detail);
  problem.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return problem;
}
