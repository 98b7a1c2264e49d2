import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { bearer, createAuthority, createUser, insertCase, login } from '../support/auth';
import { startApi } from '../support/platform';

// Issue #11: logins limited per account (failures) and per address (all, with a budget an office
// behind one address does not exhaust), answered with the standard Retry-After and plain problem
// texts; credentials refused in URLs; Cache-Control: no-store on authenticated and token answers.

const LIMIT_VARIABLES = ['API_RATE_LIMIT', 'LOGIN_RATE_LIMIT', 'LOGIN_FAILURE_LIMIT', 'LOGIN_FAILURE_WINDOW'];

// The api with exactly these limits (others at their defaults, whatever earlier files set).
async function startApiWith(env: Record<string, string>): Promise<INestApplication> {
  const saved = { ...process.env };
  for (const name of LIMIT_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return await startApi();
  } finally {
    process.env = saved;
  }
}

// Nothing a problem says may name a class, an exception or a permission string.
const INTERNAL = /Exception|Throttler|\b(case|admin|auth|audit|seed)\.[a-z_]+(\.[a-z_]+)*\b/;

function expectPlainProblem(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(INTERNAL);
  expect(res.headers['cache-control']).toBe('no-store');
}

function expectRetryAfter(res: Response, atMost: number): void {
  expect(Object.keys(res.headers).filter((h) => h.startsWith('retry-after'))).toEqual(['retry-after']);
  const seconds = Number(res.headers['retry-after']);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(atMost);
}

describe('limits, cache headers and problem texts', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await testDataSource();
  });
  afterAll(() => ds?.destroy());

  describe('with the default limits', () => {
    let api: INestApplication;
    let office: Awaited<ReturnType<typeof createAuthority>>;
    const http = () => request(api.getHttpServer());
    beforeAll(async () => {
      api = await startApiWith({});
      office = await createAuthority(ds, 'HN', 'prosecutor_office');
    });
    afterAll(() => api?.close());

    it('should let 40 people behind one address log in within the same minute', async () => {
      const people = await Promise.all(
        Array.from({ length: 40 }, () => createUser(ds, office, ['prosecutor'])),
      );
      const statuses: number[] = [];
      for (let i = 0; i < people.length; i += 4) {
        const batch = await Promise.all(
          people
            .slice(i, i + 4)
            .map((p) => http().post('/api/v1/auth/login').send({ email: p.email, password: p.password })),
        );
        statuses.push(...batch.map((r) => r.status));
      }
      expect(statuses).toEqual(Array(40).fill(200));
    });

    it('should mark login, refresh and every authenticated answer no-store, errors included', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const logged = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
      expect(logged.headers['cache-control']).toBe('no-store');
      const refreshed = await http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: logged.body.refreshToken })
        .expect(200);
      expect(refreshed.headers['cache-control']).toBe('no-store');
      const auth = `Bearer ${refreshed.body.accessToken}`;
      for (const path of [
        '/api/v1/auth/me',
        '/api/v1/cases',
        '/api/v1/notifications',
        '/api/v1/jurisdictions',
      ]) {
        const res = await http().get(path).set('Authorization', auth);
        expect({ path, status: res.status, cacheControl: res.headers['cache-control'] }).toEqual({
          path,
          status: 200,
          cacheControl: 'no-store',
        });
      }
      const refused = await http().get('/api/v1/auth/me');
      expectPlainProblem(refused, 401);
      const wrong = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not-the-password' });
      expectPlainProblem(wrong, 401);
    });

    it('should refuse credentials in the URL with 400, whatever the parameter is called', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const tokens = await login(api, user);
      const auth = `Bearer ${tokens.accessToken}`;
      const urls = [
        `/api/v1/auth/me?access_token=${tokens.accessToken}`,
        `/api/v1/cases?Access-Token=${tokens.accessToken}`,
        `/api/v1/cases?token=anything`,
        `/api/v1/auth/refresh?refresh_token=${tokens.refreshToken}`,
        `/api/v1/cases?api_key=cmty_0123456789abcdefghijklmnop`,
        `/api/v1/cases?q=${encodeURIComponent(tokens.accessToken)}`,
        `/api/v1/cases?q=${tokens.refreshToken}`,
        `/api/v1/auth/login?password=hunter2`,
        `/health?access_token=x`,
      ];
      for (const url of urls) {
        const res = await http().get(url).set('Authorization', auth);
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expectPlainProblem(res, 400);
      }
      const posted = await http()
        .post(`/api/v1/auth/login?access_token=x`)
        .send({ email: user.email, password: user.password });
      expectPlainProblem(posted, 400);
      // An ordinary search still works.
      await http().get('/api/v1/cases?q=Miami%20bank%20records').set('Authorization', auth).expect(200);
    });

    it('should never name a class, an exception or a permission in a problem', async () => {
      const prosecutor = await createUser(ds, office, ['prosecutor']);
      const auth = await bearer(api, prosecutor);
      const own = await insertCase(ds, {
        requestingState: 'HN',
        requestedState: 'US',
        requestingAuthorityId: office.id,
        transmitted: false,
        sealed: false,
      });
      // A case the prosecutor sees but whose audit trail is for oversight only.
      const audit = await http().get(`/api/v1/cases/${own.id}/audit`).set('Authorization', auth);
      expectPlainProblem(audit, 403);
      expect(audit.body.detail).toBe('You may not take this action on this case');
      expectPlainProblem(await http().get('/api/v1/admin/users').set('Authorization', auth), 403);
      expectPlainProblem(
        await http().get('/api/v1/cases/0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a10').set('Authorization', auth),
        404,
      );
      expectPlainProblem(await http().get('/api/v1/cases/not-a-uuid').set('Authorization', auth), 400);
      expectPlainProblem(await http().get('/api/v1/no-such-route').set('Authorization', auth), 404);
      expectPlainProblem(
        await http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": '),
        400,
      );
      expectPlainProblem(await http().post('/api/v1/auth/login').send({ email: 'not an email' }), 422);
      expectPlainProblem(
        await http()
          .post('/api/v1/cases')
          .set('Authorization', auth)
          .send({ kind: 'mla', requestedState: 'HN' }),
        422,
      );
    });
  });

  describe('with a small per-address login budget', () => {
    let api: INestApplication;
    beforeAll(async () => {
      api = await startApiWith({ LOGIN_RATE_LIMIT: '5' });
    });
    afterAll(() => api?.close());

    it('should answer 429 with Retry-After and a plain title past the budget, whoever logs in', async () => {
      const office = await createAuthority(ds, 'GT', 'prosecutor_office');
      const people = await Promise.all(
        Array.from({ length: 6 }, () => createUser(ds, office, ['prosecutor'])),
      );
      const answers: Response[] = [];
      for (const p of people)
        answers.push(
          await request(api.getHttpServer())
            .post('/api/v1/auth/login')
            .send({ email: p.email, password: p.password }),
        );
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = answers[5];
      expectPlainProblem(refused, 429);
      expect(refused.body).toMatchObject({
        title: 'Too Many Requests',
        detail: 'Too many requests; try again later',
      });
      expectRetryAfter(refused, 60);
      // Refreshes share the budget.
      const refresh = await request(api.getHttpServer())
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: answers[0].body.refreshToken });
      expectPlainProblem(refresh, 429);
      expectRetryAfter(refresh, 60);
    });
  });

  describe('with a small per-account failure budget', () => {
    let api: INestApplication;
    let office: Awaited<ReturnType<typeof createAuthority>>;
    const attempt = (email: string, password: string) =>
      request(api.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
    beforeAll(async () => {
      api = await startApiWith({
        LOGIN_FAILURE_LIMIT: '3',
        LOGIN_FAILURE_WINDOW: '600',
        LOGIN_RATE_LIMIT: '1000',
      });
      office = await createAuthority(ds, 'SV', 'prosecutor_office');
    });
    afterAll(() => api?.close());

    async function exhaust(email: string): Promise<number[]> {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt(email, `wrong-${i}`)).status);
      return statuses;
    }

    it('should answer 429 with Retry-After and a plain title after the failed-login limit, even to the right password', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      expect(await exhaust(user.email)).toEqual([401, 401, 401, 429]);
      const right = await attempt(user.email.toUpperCase(), user.password);
      expectPlainProblem(right, 429);
      expect(right.body).toMatchObject({
        title: 'Too Many Requests',
        detail: 'Too many failed logins; try again later',
      });
      expectRetryAfter(right, 600);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(500);
      // Three failures do not reach the lockout (5): the account itself is not locked.
      const [row] = await ds.query(`SELECT locked_until FROM users WHERE id = $1`, [user.id]);
      expect(row.locked_until).toBeNull();
    });

    it('should answer an unknown email exactly as a real account', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const real = await exhaust(user.email);
      const unknown = await exhaust(`nobody-${user.id}@test.comity.dev`);
      expect(unknown).toEqual(real);
    });

    it('should limit only the account: others behind the same address log in', async () => {
      const victim = await createUser(ds, office, ['prosecutor']);
      const colleague = await createUser(ds, office, ['prosecutor']);
      await exhaust(victim.email);
      await attempt(colleague.email, colleague.password).expect(200);
    });

    it('should forget the failures after a success, and when an admin unlocks the account', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      await attempt(user.email, 'wrong').expect(401);
      await attempt(user.email, 'wrong').expect(401);
      await login(api, user);
      expect(await exhaust(user.email)).toEqual([401, 401, 401, 429]);
      const admin = await createUser(ds, await createAuthority(ds, 'US', 'platform'), ['admin']);
      await request(api.getHttpServer())
        .post(`/api/v1/admin/users/${user.id}/unlock`)
        .set('Authorization', await bearer(api, admin))
        .expect(200);
      await login(api, user);
    });
  });
});
