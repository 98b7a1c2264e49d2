import type { components } from '../../generated/api';

export type ProblemDetails = components['schemas']['ProblemDetails'];

/** An answer of the API that was not a success: its problem+json, kept whole for display. */
export class ApiProblem extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
  }
}

export function toProblem(body: unknown, status: number): ProblemDetails {
  if (body && typeof body === 'object' && 'status' in body && 'title' in body) return body as ProblemDetails;
  return { type: `https://comity.dev/problems/${status}`, title: `HTTP ${status}`, status };
}

/** The errors a 422 names for one field (e.g. "draft.subject"), if any. */
export function fieldErrors(problem: ProblemDetails | null | undefined, field: string): string[] {
  return (
    problem?.errors
      ?.filter((e) => e.field === field || e.field.endsWith(`.${field}`))
      .flatMap((e) => e.messages) ?? []
  );
}
