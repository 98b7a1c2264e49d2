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

// An HTTP error whose body is already an RFC 9457 problem document.
export class ProblemException extends HttpException {
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
