// The people, ids and cases a fuzz run works with. Actors are written straight into the tables
// (test/support/auth.ts) and log in through the api; cases are opened and moved along through the
// api. Actors and their authorities are protected: no id of theirs ever reaches an operation, so
// no admin call of the fuzzer can deactivate, re-role or re-password the callers it depends on.
import type { DataSource } from 'typeorm';
import { createAuthority, createUser, TEST_PASSWORD, type TestAuthority } from '../auth';
import { COMPLETE_DRAFT } from '../people';
import type { FuzzActor, FuzzState } from './runner';

export interface FuzzFixtures {
  actors: FuzzActor[];
  /** Logs in again for every request that may end its session (logout, refresh). */
  sessionUser: FuzzActor;
  protectedIds: Set<string>;
  /** Ids the operations may use, before any discovery. */
  seeds: { users: string[]; authorities: string[]; loginEmails: string[] };
}

type Role = 'prosecutor' | 'central_authority' | 'supervisor' | 'admin';

export async function createFuzzFixtures(ds: DataSource): Promise<FuzzFixtures> {
  const auth = (j: string, kind: TestAuthority['kind']) => createAuthority(ds, j, kind);
  const [hnOffice, mxOffice, hnCa, usCa, gtCa, usPlatform, hnPlatform, sessionOffice, targetA, targetB] =
    await Promise.all([
      auth('HN', 'prosecutor_office'),
      auth('MX', 'prosecutor_office'),
      auth('HN', 'central_authority'),
      auth('US', 'central_authority'),
      auth('GT', 'central_authority'),
      auth('US', 'platform'),
      auth('HN', 'platform'),
      auth('HN', 'prosecutor_office'),
      auth('SV', 'central_authority'),
      auth('HN', 'prosecutor_office'),
    ]);
  const person = async (name: string, authority: TestAuthority, roles: Role[]): Promise<FuzzActor> => {
    const u = await createUser(ds, authority, roles);
    return {
      name,
      email: u.email,
      password: u.password,
      userId: u.id,
      authorityId: authority.id,
      roles,
      jurisdiction: authority.jurisdiction,
    };
  };
  const actors = [
    await person('prosecutor.hn', hnOffice, ['prosecutor']),
    await person('supervisor.hn-office', hnOffice, ['supervisor']),
    await person('prosecutor.mx', mxOffice, ['prosecutor']),
    await person('central.hn', hnCa, ['central_authority']),
    await person('supervisor.hn', hnCa, ['supervisor']),
    await person('central.us', usCa, ['central_authority']),
    await person('supervisor.us', usCa, ['supervisor']),
    await person('central.gt', gtCa, ['central_authority']),
    await person('admin.us', usPlatform, ['admin']),
    await person('admin.hn', hnPlatform, ['admin']),
  ];
  const sessionUser = await person('session.hn', sessionOffice, ['prosecutor']);
  // Targets of the admin operations: theirs to rename, deactivate, re-role and lock out.
  const loginTarget = await person('login.target', targetB, ['prosecutor']);
  const targetUser = await person('target.sv', targetA, ['central_authority']);
  const protectedIds = new Set([...actors, sessionUser].flatMap((a) => [a.userId, a.authorityId]));
  return {
    actors,
    sessionUser,
    protectedIds,
    seeds: {
      users: [loginTarget.userId, targetUser.userId],
      authorities: [targetA.id, targetB.id],
      loginEmails: [
        loginTarget.email,
        'nobody@test.comity.dev',
        loginTarget.email.toUpperCase(),
        ` ${loginTarget.email}`,
      ],
    },
  };
}

async function call(
  state: FuzzState,
  actorName: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const actor = state.actors.find((a) => a.name === actorName)!;
  const res = await fetch(`${state.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: await state.bearer(actor),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: parseBody(text) };
}

function parseBody(text: string): Record<string, unknown> {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { text };
  }
}

async function must(
  state: FuzzState,
  actor: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await call(state, actor, method, path, body);
  if (res.status >= 300)
    throw new Error(
      `fuzz setup: ${method} ${path} as ${actor} answered ${res.status}: ${JSON.stringify(res.body)}`,
    );
  return res.body;
}

/**
 * Fills the pools: the fixtures' ids, a service account with an API token, a few cases at
 * different stages, instrument ids and a real cursor. With scope 'all' (a platform of the run's
 * own) it also takes every user, authority and case the list endpoints show, except protected ones.
 */
export async function seedPools(
  state: FuzzState,
  f: FuzzFixtures,
  scope: 'own' | 'all',
): Promise<{ cases: string[] }> {
  for (const id of f.seeds.users) state.add('user', id);
  for (const id of f.seeds.authorities) state.add('authority', id);
  for (const e of f.seeds.loginEmails) state.add('loginEmail', e);

  const service = await must(state, 'admin.us', 'POST', '/admin/users', {
    kind: 'service',
    displayName: 'Fuzz service account',
    authorityId: f.seeds.authorities[0],
    roles: ['central_authority'],
  });
  state.add('user', service.id);
  const token = await must(state, 'admin.us', 'POST', `/admin/users/${service.id}/api-tokens`, {
    name: 'fuzz',
  });
  state.add('apiToken', token.id);
  state.apiTokens.push(String(token.token));

  // Cases in several stages, so actions meet both allowed and refused stages.
  const cases: string[] = [];
  const open = async (actor: string, requestedState: string, draft: object, internalReview = false) => {
    const c = await must(state, actor, 'POST', '/cases', {
      kind: 'mla',
      requestedState,
      internalReview,
      draft,
    });
    cases.push(String(c.id));
    state.add('case', c.id);
    if (actor === 'prosecutor.hn' && requestedState === 'US') state.add('caseHnUs', c.id);
    return String(c.id);
  };
  const act = (id: string, action: string, actor: string, body: object = {}) =>
    call(state, actor, 'POST', `/cases/${id}/actions/${action}`, body);
  await open('prosecutor.hn', 'US', { reference: 'FUZZ-DRAFT-1' });
  await open('prosecutor.hn', 'US', COMPLETE_DRAFT);
  await open('prosecutor.hn', 'GT', COMPLETE_DRAFT, true);
  await open('prosecutor.mx', 'US', COMPLETE_DRAFT);
  const submitted = await open('prosecutor.hn', 'US', COMPLETE_DRAFT);
  await act(submitted, 'submit', 'prosecutor.hn');
  const transmitted = await open('prosecutor.hn', 'US', COMPLETE_DRAFT);
  for (const [action, actor] of [
    ['submit', 'prosecutor.hn'],
    ['approve', 'central.hn'],
    ['record_translation', 'central.hn'],
    ['transmit', 'central.hn'],
    ['acknowledge', 'central.us'],
    ['begin_execution', 'central.us'],
  ]) {
    await act(transmitted, action, actor);
  }

  const instruments = await must(state, 'prosecutor.hn', 'GET', '/instruments');
  for (const i of (instruments.items as { id: string }[]) ?? []) state.add('instrument', i.id);
  // Changing a real instrument's status changes every evaluation; on a shared database only ids
  // of nothing reach that operation.
  for (const id of ['no-such-instrument', 'ia-mla-1992-fuzz', 'IA-MLA-1992'])
    state.add('unknownInstrument', id);

  const page = await must(state, 'prosecutor.hn', 'GET', '/cases?limit=1');
  state.add('cursor', page.nextCursor);
  await state.freshBearer();

  if (scope === 'all') {
    const users = await must(state, 'admin.us', 'GET', '/admin/users');
    for (const u of ((Array.isArray(users) ? users : users.items) as { id: string }[]) ?? [])
      state.add('user', u.id);
    const authorities = await must(state, 'admin.us', 'GET', '/admin/authorities');
    for (const a of ((Array.isArray(authorities) ? authorities : authorities.items) as { id: string }[]) ??
      [])
      state.add('authority', a.id);
    for (const actor of ['prosecutor.hn', 'central.us', 'supervisor.hn']) {
      const list = await must(state, actor, 'GET', '/cases?limit=100');
      for (const c of (list.items as { id: string }[]) ?? []) state.add('case', c.id);
    }
  }
  return { cases };
}

export { TEST_PASSWORD };
