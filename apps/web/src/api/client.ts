import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../generated/api';
import { session } from '../auth/tokens';
import { ApiProblem, toProblem } from './problem';

// The typed client of the REST API, generated from its OpenAPI document at build time
// (npm run web:build), so a change to the API that breaks a screen fails the build.

export type Schemas = components['schemas'];
export type CaseSummary = Schemas['CaseSummary'];
export type CaseDetail = Schemas['CaseDetail'];
export type Evaluation = Schemas['Evaluation'];
export type Draft = Schemas['DraftDto'];
export type Me = Schemas['Me'];
export type Stage = CaseSummary['stage'];
export type Action = CaseDetail['allowedActions'][number];
export type Holder = Schemas['Holder'];
export type DeadlineView = Schemas['DeadlineView'];
export type TimelineEntry = Schemas['TimelineEntry'];

// Every call carries the session's access token; a 401 is retried once after a refresh.
const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await session.accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  fetch: async (request: Request) => {
    const retry = request.clone();
    const response = await fetch(request);
    if (response.status !== 401 || !session.signedIn() || request.url.includes('/auth/')) return response;
    if (!(await session.refresh())) return response;
    retry.headers.set('Authorization', `Bearer ${await session.accessToken()}`);
    return fetch(retry);
  },
});
api.use(bearer);

/** The data of an answer, or the API's problem thrown (shown beside the field or action). */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(toProblem(error, response.status));
  return data as T;
}
