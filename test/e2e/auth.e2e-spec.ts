import type { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AuthSettings } from '@comity/auth';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import {
  auditRows,
  bearer,
  createAuthority,
  createUser,
  login,
  type TestAuthority,
  type TestUser,
} from '../support/auth';
import { startApi } from '../support/platform';

// Authentication end to end: password login with lockout, access tokens bound to sessions with
// idle expiry, rotating refresh tokens, logout, service-account API tokens, and the admin API.
describe('authentication', () => {
  let api: INestApplication;
  let ds: DataSource;
  let office: TestAuthority;
  let admin: TestUser;
  let adminAuth: string;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    process.env.LOGIN_RATE_LIMIT = '10000';
    process.env.API_RATE_LIMIT = '10000';
    ds = await testDataSource();
    api = await startApi();
    office = await createAuthority(ds, 'MX', 'prosecutor_office');
    admin = await createUser(ds, await createAuthority(ds, 'US', 'platform'), ['admin']);
    adminAuth = await bearer(api, admin);
  });
  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
  });

  describe('login', () => {
    it('should issue an access token and a refresh token for the right password, and audit the login', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const res = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email.toUpperCase(), password: user.password })
        .expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, idleTimeout: 1800 });
      expect(res.body.refreshToken).toMatch(/^cmtr_/);
      const me = await http()
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({
        id: user.id,
        roles: ['prosecutor'],
        jurisdiction: 'MX',
        authority: { id: office.id, kind: 'prosecutor_office' },
        authenticatedVia: 'password',
      });
      expect(await auditRows(ds, { actorId: user.id, action: 'auth.login' })).toEqual([
        expect.objectContaining({ outcome: 'allowed', case_id: null }),
      ]);
    });

    it('should answer a wrong password and an unknown email alike, and audit both without the email', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const wrong = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not the password' })
        .expect(401);
      const unknown = await http()
        .post('/api/v1/auth/login')
        .send({ email: `nobody-${user.id}@test.comity.dev`, password: 'whatever-password' })
        .expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await auditRows(ds, { actorId: user.id, action: 'auth.login' })).toEqual([
        expect.objectContaining({ outcome: 'failed', details: { reason: 'bad_password' } }),
      ]);
      const leaked = await ds.query(
        `SELECT count(*)::int AS n FROM audit_records WHERE details::text ILIKE '%' || $1 || '%' OR details::text LIKE '%not the password%'`,
        [user.id.slice(0, 8) + '@'],
      );
      expect(leaked[0].n).toBe(0);
    });

    it('should lock the account for at least 10 minutes after 5 consecutive failures', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      for (let i = 0; i < 5; i++) {
        await http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: `wrong-${i}` })
          .expect(401);
      }
      // The right password no longer works.
      await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(401);
      const [row] = await ds.query(
        `SELECT extract(epoch FROM locked_until - now()) AS seconds FROM users WHERE id = $1`,
        [user.id],
      );
      expect(Number(row.seconds)).toBeGreaterThan(10 * 60 - 5);
      const audit = await auditRows(ds, { actorId: user.id });
      expect(audit.map((r) => `${r.action}:${r.outcome}:${r.details.reason}`)).toEqual([
        ...Array(5).fill('auth.login:failed:bad_password'),
        'auth.lockout:denied:too_many_failures',
        'auth.login:failed:locked',
      ]);
      // Ten minutes later (moved in the database), the account opens again.
      await ds.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [user.id]);
      await login(api, user);
    });

    it('should count only consecutive failures', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const fail = () =>
        http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
      for (let i = 0; i < 4; i++) await fail();
      await login(api, user);
      for (let i = 0; i < 4; i++) await fail();
      await login(api, user);
    });

    it('should let an admin lift a lockout', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      for (let i = 0; i < 5; i++)
        await http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' });
      const locked = await http()
        .get(`/api/v1/admin/users/${user.id}`)
        .set('Authorization', adminAuth)
        .expect(200);
      expect(locked.body.lockedUntil).not.toBeNull();
      await http().post(`/api/v1/admin/users/${user.id}/unlock`).set('Authorization', adminAuth).expect(200);
      await login(api, user);
    });

    it('should refuse a deactivated user, and end their sessions', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const auth = await bearer(api, user);
      await http()
        .patch(`/api/v1/admin/users/${user.id}`)
        .set('Authorization', adminAuth)
        .send({ active: false })
        .expect(200);
      await http().get('/api/v1/auth/me').set('Authorization', auth).expect(401);
      await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(401);
    });
  });

  describe('sessions', () => {
    it('should reject an access token after 30 idle minutes, and its refresh token too', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const tokens = await login(api, user);
      const auth = `Bearer ${tokens.accessToken}`;
      const idleFor = (interval: string) =>
        ds.query(`UPDATE auth_sessions SET last_seen_at = now() - $2::interval WHERE user_id = $1`, [user.id, interval]);
      const idleSeconds = async () =>
        Number(
          (
            await ds.query(
              `SELECT extract(epoch FROM now() - last_seen_at) AS idle FROM auth_sessions WHERE user_id = $1`,
              [user.id],
            )
          )[0].idle,
        );
      // 29 idle minutes: still alive, and the request counts as activity.
      await idleFor('29 minutes');
      await http().get('/api/v1/auth/me').set('Authorization', auth).expect(200);
      expect(await idleSeconds()).toBeLessThan(5);
      // Activity is recorded at most every 15 s: a request 10 s after the last mark writes nothing.
      await idleFor('10 seconds');
      await http().get('/api/v1/auth/me').set('Authorization', auth).expect(200);
      expect(await idleSeconds()).toBeGreaterThanOrEqual(10);
      // 31 idle minutes: expired.
      await idleFor('31 minutes');
      const res = await http().get('/api/v1/auth/me').set('Authorization', auth).expect(401);
      expect(res.body.detail).toMatch(/inactivity/);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
      expect(await auditRows(ds, { actorId: user.id, action: 'auth.authenticate' })).toEqual([
        expect.objectContaining({
          outcome: 'denied',
          details: expect.objectContaining({ reason: 'idle_timeout', route: '/api/v1/auth/me' }),
        }),
      ]);
    });

    it('should rotate refresh tokens, and end the session when a used one comes back', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const first = await login(api, user);
      const second = (
        await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
      ).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);
      // The first refresh token again: a replay, so the whole family is revoked.
      await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
      await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(401);
      expect(await auditRows(ds, { actorId: user.id, action: 'auth.refresh' })).toEqual([
        expect.objectContaining({
          outcome: 'denied',
          details: expect.objectContaining({ reason: 'refresh_token_reuse' }),
        }),
        expect.objectContaining({
          outcome: 'denied',
          details: expect.objectContaining({ reason: 'session_ended' }),
        }),
      ]);
      const [session] = await ds.query(`SELECT revoked_reason FROM auth_sessions WHERE user_id = $1`, [
        user.id,
      ]);
      expect(session.revoked_reason).toBe('refresh_token_reuse');
    });

    it('should store refresh tokens only as digests', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const tokens = await login(api, user);
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM refresh_tokens WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`,
        [tokens.refreshToken.slice(5, 20)],
      );
      expect(n).toBe(0);
    });

    it('should revoke the session on logout', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const tokens = await login(api, user);
      const auth = `Bearer ${tokens.accessToken}`;
      await http().post('/api/v1/auth/logout').set('Authorization', auth).expect(204);
      await http().get('/api/v1/auth/me').set('Authorization', auth).expect(401);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
    });

    it('should reject a forged, tampered or expired access token', async () => {
      const user = await createUser(ds, office, ['prosecutor']);
      const { accessToken } = await login(api, user);
      const [h, p, s] = accessToken.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forgedPayload = Buffer.from(JSON.stringify({ ...payload, sub: admin.id })).toString('base64url');
      await http()
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${h}.${forgedPayload}.${s}`)
        .expect(401);
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await http().get('/api/v1/auth/me').set('Authorization', `Bearer ${none}.${p}.`).expect(401);
      await http().get('/api/v1/auth/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
      // Signed anew: with the api's key it passes; with another key, or expired, it does not.
      const sign = (claims: object, key: string) => {
        const body = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
        return `Bearer ${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
      };
      const key = api.get(AuthSettings).jwtSecret;
      await http().get('/api/v1/auth/me').set('Authorization', sign(payload, key)).expect(200);
      await http().get('/api/v1/auth/me').set('Authorization', sign(payload, `${key}-other`)).expect(401);
      const expired = { ...payload, exp: Math.floor(Date.now() / 1000) - 5 };
      await http().get('/api/v1/auth/me').set('Authorization', sign(expired, key)).expect(401);
    });

    it('should apply role changes at once, without a new login', async () => {
      const user = await createUser(ds, await createAuthority(ds, 'MX', 'supervisory'), ['supervisor']);
      const auth = await bearer(api, user);
      await http().get('/api/v1/audit/verify').set('Authorization', auth).expect(200);
      await http()
        .put(`/api/v1/admin/users/${user.id}/roles`)
        .set('Authorization', adminAuth)
        .send({ roles: ['prosecutor'] })
        .expect(200);
      await http().get('/api/v1/audit/verify').set('Authorization', auth).expect(403);
    });
  });

  describe('service accounts', () => {
    it('should authenticate with an API token until it is revoked', async () => {
      const created = await http()
        .post('/api/v1/admin/users')
        .set('Authorization', adminAuth)
        .send({
          kind: 'service',
          displayName: 'Case system sync',
          authorityId: office.id,
          roles: ['prosecutor'],
        })
        .expect(201);
      const issued = await http()
        .post(`/api/v1/admin/users/${created.body.id}/api-tokens`)
        .set('Authorization', adminAuth)
        .send({ name: 'sync' })
        .expect(201);
      expect(issued.body.token).toMatch(/^cmty_/);
      const auth = `Bearer ${issued.body.token}`;
      const me = await http().get('/api/v1/auth/me').set('Authorization', auth).expect(200);
      expect(me.body).toMatchObject({ id: created.body.id, kind: 'service', authenticatedVia: 'api_token' });
      const listed = await http()
        .get(`/api/v1/admin/users/${created.body.id}/api-tokens`)
        .set('Authorization', adminAuth)
        .expect(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ id: issued.body.id, name: 'sync', revokedAt: null }),
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);
      await http()
        .delete(`/api/v1/admin/api-tokens/${issued.body.id}`)
        .set('Authorization', adminAuth)
        .expect(204);
      await http().get('/api/v1/auth/me').set('Authorization', auth).expect(401);
    });

    it('should not issue API tokens to people, nor passwords to service accounts', async () => {
      const person = await createUser(ds, office, ['prosecutor']);
      await http()
        .post(`/api/v1/admin/users/${person.id}/api-tokens`)
        .set('Authorization', adminAuth)
        .send({ name: 'x' })
        .expect(409);
      await http()
        .post('/api/v1/admin/users')
        .set('Authorization', adminAuth)
        .send({
          kind: 'service',
          displayName: 'x',
          authorityId: office.id,
          roles: [],
          password: 'a-long-enough-password',
        })
        .expect(422);
    });
  });

  describe('admin API', () => {
    it('should create an authority and a user who can then log in with the given roles', async () => {
      const code = `MX-TEST-${Date.now()}`;
      const authority = await http()
        .post('/api/v1/admin/authorities')
        .set('Authorization', adminAuth)
        .send({ code, name: 'Fiscalía de prueba', jurisdiction: 'MX', kind: 'prosecutor_office' })
        .expect(201);
      await http()
        .post('/api/v1/admin/authorities')
        .set('Authorization', adminAuth)
        .send({ code, name: 'Again', jurisdiction: 'MX', kind: 'prosecutor_office' })
        .expect(409);
      const email = `new-${Date.now()}@test.comity.dev`;
      const user = await http()
        .post('/api/v1/admin/users')
        .set('Authorization', adminAuth)
        .send({
          kind: 'user',
          email,
          displayName: 'Nueva Fiscal',
          authorityId: authority.body.id,
          roles: ['prosecutor', 'supervisor'],
          password: 'a-long-enough-password',
        })
        .expect(201);
      expect(user.body).toMatchObject({
        email,
        jurisdiction: 'MX',
        roles: ['prosecutor', 'supervisor'],
        active: true,
      });
      expect(user.body).not.toHaveProperty('passwordHash');
      await login(api, { email, password: 'a-long-enough-password' });
      const listed = await http()
        .get(`/api/v1/admin/users?authorityId=${authority.body.id}`)
        .set('Authorization', adminAuth)
        .expect(200);
      expect(listed.body.map((u: { id: string }) => u.id)).toEqual([user.body.id]);
      // Each change is on the global chain, with ids and codes only.
      const audit = await auditRows(ds, { actorId: admin.id, action: 'admin.user.create' });
      expect(audit.at(-1)?.details).toEqual({
        userId: user.body.id,
        kind: 'user',
        authorityId: authority.body.id,
        roles: ['prosecutor', 'supervisor'],
      });
    });

    it('should refuse bad input with the field named, and unknown roles', async () => {
      const res = await http()
        .post('/api/v1/admin/users')
        .set('Authorization', adminAuth)
        .send({
          kind: 'user',
          email: 'not-an-email',
          displayName: 'x',
          authorityId: office.id,
          roles: ['emperor'],
          password: 'short',
        })
        .expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'email',
        'password',
        'roles',
      ]);
    });

    it('should not let an admin remove their own admin role', async () => {
      await http()
        .put(`/api/v1/admin/users/${admin.id}/roles`)
        .set('Authorization', adminAuth)
        .send({ roles: ['supervisor'] })
        .expect(409);
    });
  });
});
