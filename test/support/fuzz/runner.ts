// Sends the fuzzer's requests to the api on 127.0.0.1 and checks each answer: no 5xx, errors as
// application/problem+json whose `status` is the HTTP status, and an answer within the timeout.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe as describeValue, serialize, type PoolName, type PoolRef } from './json-tree';
import { pctEncode, type AuthSpec, type BodySpec, type ForgedVariant, type FuzzRequest } from './requests';

export interface FuzzActor {
  name: string;
  email: string;
  password: string;
  userId: string;
  authorityId: string;
  roles: string[];
  jurisdiction: string;
}

export interface FailureRecord {
  index: number;
  phase: FuzzRequest['phase'];
  kind: '5xx' | 'timeout' | 'not-problem' | 'transport' | 'bad-json';
  op: string;
  status: number | null;
  /** The request as sent, one line per part, credentials named rather than shown. */
  request: string;
  response: string;
  tags: string[];
  ms: number;
}

export interface RunStats {
  requests: number;
  byClass: Record<string, number>;
  byOp: Record<string, Record<string, number>>;
  failures: FailureRecord[];
  durationMs: number;
  stoppedBy: 'budget' | 'time';
}

/** Resolves pools and credentials when a request is sent; fed by answers as the run goes. */
export class FuzzState {
  readonly pools = new Map<PoolName, string[]>();
  private readonly tokens = new Map<string, { bearer: string; at: number }>();
  apiTokens: string[] = [];

  constructor(
    readonly baseUrl: string,
    readonly actors: FuzzActor[],
    /** The user whose sessions logout and refresh may end. */
    readonly sessionUser: FuzzActor,
    readonly jwtSecret: string,
    /** Ids the fuzzer must never hand to an operation (its own actors and their authorities). */
    readonly protectedIds: Set<string>,
    readonly poolCap = 200,
  ) {
    const u = new URL(baseUrl);
    if (u.hostname !== '127.0.0.1') throw new Error(`the fuzzer only sends to 127.0.0.1, not ${u.hostname}`);
  }

  add(pool: PoolName, value: unknown): void {
    if (typeof value !== 'string' || !value || this.protectedIds.has(value)) return;
    const list = this.pools.get(pool) ?? [];
    if (list.includes(value)) return;
    list.push(value);
    // Keep the first entries (the fixtures) and a window of the newest.
    if (list.length > this.poolCap) list.splice(this.poolCap / 2, 1);
    this.pools.set(pool, list);
  }

  /** Per operation, a pool used in place of another (see seedPools: instrument status changes). */
  readonly poolOverrides: Record<string, Partial<Record<PoolName, PoolName>>> = {};

  pick(pool: PoolName, k: number, op?: string): string | undefined {
    if (op) pool = this.poolOverrides[op]?.[pool] ?? pool;
    const list = this.pools.get(pool);
    return list?.length ? list[k % list.length] : undefined;
  }

  resolveRef = (ref: PoolRef): string | undefined =>
    this.pick(ref.pool, ref.k) ?? (ref.pool === 'loginEmail' ? 'nobody@test.comity.dev' : undefined);

  actor(prefer: string[], k: number): FuzzActor {
    const named = prefer.map((n) => this.actors.find((a) => a.name === n)).filter((a): a is FuzzActor => !!a);
    const from = named.length ? named : this.actors;
    return from[k % from.length];
  }

  async login(user: {
    email: string;
    password: string;
  }): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    if (res.status !== 200)
      throw new Error(`login of ${user.email} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { accessToken: string; refreshToken: string };
  }

  /** The actor's bearer token, logged in again after ten minutes (access tokens live fifteen). */
  async bearer(actor: FuzzActor): Promise<string> {
    const cached = this.tokens.get(actor.name);
    if (cached && Date.now() - cached.at < 600_000) return cached.bearer;
    const bearer = `Bearer ${(await this.login(actor)).accessToken}`;
    this.tokens.set(actor.name, { bearer, at: Date.now() });
    return bearer;
  }

  /** A session of its own for a request that may end it; its refresh token joins the pool. */
  async freshBearer(): Promise<string> {
    const pair = await this.login(this.sessionUser);
    this.add('refreshToken', pair.refreshToken);
    return `Bearer ${pair.accessToken}`;
  }

  forge(variant: ForgedVariant): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: randomUUID(),
      sid: randomUUID(),
      iss: 'comity',
      aud: 'comity-api',
      iat: now,
      exp: now + 600,
    };
    let secret = this.jwtSecret;
    let alg = 'HS256';
    switch (variant) {
      case 'sub-not-uuid':
        claims.sub = 'not-a-uuid';
        break;
      case 'sid-not-uuid':
        claims.sid = 'not-a-uuid';
        break;
      case 'sub-and-sid-not-uuid':
        claims.sub = 'admin';
        claims.sid = '1';
        break;
      case 'sub-nul':
        claims.sub = 'a\u0000b';
        break;
      case 'sub-huge':
        claims.sub = 'x'.repeat(2000);
        break;
      case 'sub-number':
        claims.sub = 123;
        break;
      case 'unknown-session':
        break;
      case 'expired':
        claims.iat = now - 7200;
        claims.exp = now - 3600;
        break;
      case 'wrong-audience':
        claims.aud = 'someone-else';
        break;
      case 'wrong-secret':
        secret = 'not-the-secret-' + 'x'.repeat(32);
        break;
      case 'alg-none':
        alg = 'none';
        break;
      case 'no-sid':
        delete claims.sid;
        break;
    }
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${enc({ alg, typ: 'JWT' })}.${enc(claims)}`;
    const signature =
      alg === 'none'
        ? ''
        : createHmac('sha256', Buffer.from(secret, 'utf8')).update(unsigned).digest('base64url');
    return `Bearer ${unsigned}.${signature}`;
  }

  async authorization(auth: AuthSpec, op: string): Promise<{ header: string | null; label: string }> {
    // Ending a session or trading its refresh token must not end an actor's session.
    const sessionEnding = op === 'POST /api/v1/auth/logout';
    switch (auth.kind) {
      case 'actor': {
        if (sessionEnding)
          return { header: await this.freshBearer(), label: `fresh session of ${this.sessionUser.name}` };
        const a = this.actor(auth.prefer, auth.k);
        return { header: await this.bearer(a), label: `actor ${a.name}` };
      }
      case 'fresh':
        return { header: await this.freshBearer(), label: `fresh session of ${this.sessionUser.name}` };
      case 'none':
        return { header: null, label: 'none' };
      case 'header':
        return { header: auth.value, label: `malformed ${describeValue(auth.value, 60)}` };
      case 'forged':
        return {
          header: this.forge(auth.variant),
          label: `forged JWT (${auth.variant}), signed with ${auth.variant === 'wrong-secret' ? 'another secret' : auth.variant === 'alg-none' ? 'nothing' : 'the api secret'}`,
        };
      case 'apiToken': {
        const t = this.apiTokens.length ? this.apiTokens[auth.k % this.apiTokens.length] : undefined;
        return t
          ? { header: `Bearer ${t}`, label: 'service account API token' }
          : { header: null, label: 'none (no API token)' };
      }
    }
  }
}

// --- building the wire request ---------------------------------------------------------------------

interface Wire {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** For reports. */
  bodyText: string | null;
  authLabel: string;
}

function resolvePath(state: FuzzState, r: FuzzRequest): string {
  let path = '';
  for (const part of r.path) {
    if (part.kind === 'literal') path += part.text;
    else if (part.kind === 'raw')
      path += /[^\u0021-\u00ff]/.test(part.text) ? pctEncode(part.text) : part.text;
    else {
      const value = state.pick(part.pool, part.k, r.op) ?? randomUUID();
      const t = part.transform;
      path +=
        t === 'upper'
          ? value.toUpperCase()
          : t === 'nul-suffix'
            ? `${pctEncode(value)}%00`
            : t === 'space-suffix'
              ? `${pctEncode(value)}%20`
              : t === 'dot-suffix'
                ? `${pctEncode(value)}.`
                : pctEncode(value);
    }
  }
  const query = r.query
    .map((p) =>
      p.kind === 'raw' ? p.text : `${pctEncode(p.key)}=${pctEncode(state.pick(p.pool, p.k) ?? '')}`,
    )
    .join('&');
  // Whatever the request says, nothing outside the latin-1 range goes into the request line,
  // and the line stays a little over Node's 16 KB header limit at most: enough to get its 431,
  // short enough to be sent whole before the server answers (a longer one is reset mid-write).
  const line = (query ? `${path}?${query}` : path).replace(/[^\u0021-\u00ff]/g, (c) => pctEncode(c));
  return line.length <= MAX_REQUEST_TARGET
    ? line
    : line.slice(0, MAX_REQUEST_TARGET).replace(/%[0-9A-Fa-f]?$/, '');
}

const MAX_REQUEST_TARGET = 20_000;

function encodeBody(
  state: FuzzState,
  body: BodySpec,
): { bytes: Buffer; contentType: string | null; encoding?: string; text: string } {
  switch (body.kind) {
    case 'json': {
      const text = serialize(body.tree, state.resolveRef);
      let bytes = Buffer.from(text, 'utf8');
      let encoding: string | undefined;
      if (body.encoding === 'gzip') [bytes, encoding] = [gzipSync(bytes), 'gzip'];
      else if (body.encoding === 'deflate') [bytes, encoding] = [deflateSync(bytes), 'deflate'];
      else if (body.encoding === 'gzip-broken')
        [bytes, encoding] = [Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), bytes]), 'gzip'];
      else if (body.encoding === 'br') encoding = 'br';
      else if (body.encoding === 'gzip-gzip') [bytes, encoding] = [gzipSync(gzipSync(bytes)), 'gzip, gzip'];
      return {
        bytes,
        contentType: body.contentType === undefined ? 'application/json' : body.contentType,
        encoding,
        text,
      };
    }
    case 'text':
      return { bytes: Buffer.from(body.text, 'utf8'), contentType: body.contentType, text: body.text };
    case 'bytes':
      return {
        bytes: body.bytes,
        contentType: body.contentType,
        text: `<${body.bytes.length} bytes: ${body.bytes.subarray(0, 40).toString('hex')}>`,
      };
    case 'charset': {
      const text = serialize(body.tree, state.resolveRef);
      return {
        bytes: Buffer.from(text, body.encoding),
        contentType: body.contentType,
        text: `<${body.encoding}> ${text}`,
      };
    }
  }
}

// Node refuses to send header values with characters outside tab, printable ASCII and latin-1.
const headerSafe = (v: string) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, (c) => pctEncode(c));

async function toWire(state: FuzzState, r: FuzzRequest): Promise<Wire> {
  const { header, label } = await state.authorization(r.auth, r.op);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k] = headerSafe(v);
  if (header !== null) headers['Authorization'] = headerSafe(header);
  let body: Buffer | null = null;
  let bodyText: string | null = null;
  if (r.body) {
    const e = encodeBody(state, r.body);
    body = e.bytes;
    bodyText = e.text;
    if (e.contentType !== null) headers['Content-Type'] = e.contentType;
    if (e.encoding) headers['Content-Encoding'] = e.encoding;
    headers['Content-Length'] = String(body.length);
  }
  return { method: r.method, path: resolvePath(state, r), headers, body, bodyText, authLabel: label };
}

export function describeWire(w: Wire): string {
  const lines = [
    `${w.method} ${w.path.length > 300 ? `${w.path.slice(0, 300)}… (${w.path.length} chars)` : w.path}`,
    `  auth: ${w.authLabel}`,
  ];
  for (const [k, v] of Object.entries(w.headers)) {
    if (k === 'Authorization' || k === 'Content-Length') continue;
    lines.push(`  ${k}: ${describeValue(v, 120)}`);
  }
  if (w.bodyText !== null)
    lines.push(`  body (${w.body?.length ?? 0} bytes): ${describeValue(w.bodyText, 400)}`);
  return lines.join('\n');
}

// --- sending and checking -------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(baseUrl: string, agent: http.Agent, w: Wire, timeoutMs: number): Promise<Answer> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(u.port), method: w.method, path: w.path, headers: w.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 1_000_000) chunks.push(c);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(
      () =>
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'FUZZ_TIMEOUT' })),
      timeoutMs,
    );
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (w.body) req.end(w.body);
    else req.end();
  });
}

/** What is wrong with an answer, or null. */
export function checkAnswer(a: Answer): { kind: FailureRecord['kind']; why: string } | null {
  if (a.status >= 500) return { kind: '5xx', why: `status ${a.status}` };
  const type = String(a.headers['content-type'] ?? '');
  if (a.status >= 400) {
    if (!/^application\/problem\+json\b/i.test(type))
      return { kind: 'not-problem', why: `content-type ${type || '(none)'}` };
    let body: { type?: unknown; title?: unknown; status?: unknown };
    try {
      body = JSON.parse(a.body);
    } catch {
      return { kind: 'not-problem', why: 'body is not JSON' };
    }
    if (
      typeof body?.type !== 'string' ||
      typeof body.title !== 'string' ||
      !body.title ||
      body.status !== a.status
    )
      return { kind: 'not-problem', why: `type/title/status do not match: ${describeValue(a.body, 200)}` };
    return null;
  }
  if (/json/i.test(type) && a.body) {
    try {
      JSON.parse(a.body);
    } catch {
      return { kind: 'bad-json', why: 'a 2xx JSON body does not parse' };
    }
  }
  return null;
}

/** Feeds ids, cursors and tokens from successful answers back into the pools. */
function harvest(state: FuzzState, r: FuzzRequest, a: Answer, scope: 'own' | 'all'): void {
  if (a.status >= 300 || !a.body) return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(a.body);
  } catch {
    return;
  }
  const op = r.op;
  if (op === 'POST /api/v1/cases') {
    state.add('case', body.id);
    if (body.requestingState === 'HN' && body.requestedState === 'US') state.add('caseHnUs', body.id);
  } else if (op === 'GET /api/v1/cases') {
    state.add('cursor', body.nextCursor);
    if (scope === 'all')
      for (const item of (body.items as { id?: string }[]) ?? []) state.add('case', item.id);
  } else if (op === 'POST /api/v1/admin/users') state.add('user', body.id);
  else if (op === 'POST /api/v1/admin/authorities') state.add('authority', body.id);
  else if (op === 'POST /api/v1/admin/users/{id}/api-tokens') {
    state.add('apiToken', body.id);
    if (typeof body.token === 'string' && state.apiTokens.length < 20) state.apiTokens.push(body.token);
  } else if (op === 'POST /api/v1/auth/login' || op === 'POST /api/v1/auth/refresh')
    state.add('refreshToken', body.refreshToken);
}

export interface RunOptions {
  requests: FuzzRequest[] | { count: number; at: (i: number) => FuzzRequest };
  concurrency: number;
  timeoutMs: number;
  /** No new request starts after this long. */
  maxDurationMs: number;
  scope: 'own' | 'all';
  onProgress?: (done: number, stats: RunStats) => void;
  /** Every exchange, for debugging a run (FUZZ_TRACE in scripts/fuzz.ts). */
  trace?: (r: FuzzRequest, request: string, status: number | string, body: string) => void;
}

export async function runRequests(state: FuzzState, o: RunOptions): Promise<RunStats> {
  const count = Array.isArray(o.requests) ? o.requests.length : o.requests.count;
  const at = Array.isArray(o.requests) ? (i: number) => (o.requests as FuzzRequest[])[i] : o.requests.at;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const stats: RunStats = {
    requests: 0,
    byClass: {},
    byOp: {},
    failures: [],
    durationMs: 0,
    stoppedBy: 'budget',
  };
  const started = Date.now();
  let next = 0;
  // Per operation by exact status (or 'timeout' / 'error'); overall by class (2xx, 4xx, ...).
  const count1 = (op: string, key: string) => {
    const cls = /^\d{3}$/.test(key) ? `${key[0]}xx` : key;
    stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1;
    const per = (stats.byOp[op] ??= {});
    per[key] = (per[key] ?? 0) + 1;
  };
  const loop = async () => {
    for (;;) {
      if (next >= count) return;
      if (Date.now() - started > o.maxDurationMs) {
        stats.stoppedBy = 'time';
        return;
      }
      const r = at(next++);
      let wire: Wire;
      try {
        wire = await toWire(state, r);
      } catch (e) {
        // Could not even prepare it (e.g. a login for a fresh session failed): a finding too.
        stats.requests++;
        count1(r.op, 'error');
        stats.failures.push({
          index: r.index,
          phase: r.phase,
          kind: 'transport',
          op: r.op,
          status: null,
          request: `${r.op} (not sent)`,
          response: String(e),
          tags: r.tags,
          ms: 0,
        });
        continue;
      }
      const t0 = Date.now();
      try {
        const answer = await send(state.baseUrl, agent, wire, o.timeoutMs);
        const ms = Date.now() - t0;
        stats.requests++;
        count1(r.op, String(answer.status));
        o.trace?.(r, describeWire(wire), answer.status, answer.body);
        const problem = checkAnswer(answer);
        if (problem) {
          stats.failures.push({
            index: r.index,
            phase: r.phase,
            kind: problem.kind,
            op: r.op,
            status: answer.status,
            request: describeWire(wire),
            response: `${answer.status} ${answer.headers['content-type'] ?? ''} ${problem.why}\n  ${describeValue(answer.body, 400)}`,
            tags: r.tags,
            ms,
          });
        } else harvest(state, r, answer, o.scope);
      } catch (e) {
        const ms = Date.now() - t0;
        const timeout = (e as { code?: string }).code === 'FUZZ_TIMEOUT';
        stats.requests++;
        count1(r.op, timeout ? 'timeout' : 'error');
        stats.failures.push({
          index: r.index,
          phase: r.phase,
          kind: timeout ? 'timeout' : 'transport',
          op: r.op,
          status: null,
          request: describeWire(wire),
          response: String((e as Error).message ?? e),
          tags: r.tags,
          ms,
        });
      }
      o.onProgress?.(stats.requests, stats);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, loop));
  agent.destroy();
  stats.durationMs = Date.now() - started;
  return stats;
}
