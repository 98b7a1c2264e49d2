import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { testDataSource } from '../support/database';
import { createAuthority, createUser } from '../support/auth';
import { startApi } from '../support/platform';

// Starts the api with some environment variables set for it alone.
async function startApiWith(env: Record<string, string>): Promise<INestApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await startApi();
  } finally {
    process.env = saved;
  }
}

// Health probes answer orchestrators, which hold no credential; they reveal only up or down.
const PUBLIC_ROUTES = new Set([
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
]);

describe('hardening', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await testDataSource();
  });
  afterAll(() => ds?.destroy());

  describe('with the default configuration', () => {
    let api: INestApplication;
    beforeAll(async () => {
      api = await startApiWith({ API_RATE_LIMIT: '10000', LOGIN_RATE_LIMIT: '10000', CORS_ORIGINS: '' });
    });
    afterAll(() => api?.close());

    it('should require a credential on every route except health, login, refresh and the docs', async () => {
      const started = new Date();
      const doc = (await request(api.getHttpServer()).get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      await request(api.getHttpServer())
        .get('/api/docs')
        .expect((res) => expect(res.status).toBeLessThan(400));
      const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
      );
      expect(routes.length).toBeGreaterThan(20);
      let guarded = 0;
      for (const { method, path } of routes) {
        const url = path.replace(/\{[^}]+\}/g, '0b7e1f52-6f3c-4d2a-9a47-3c1e1b2f4a10');
        const res = await request(api.getHttpServer())
          [method.toLowerCase() as 'get']('' + url)
          .send({});
        if (PUBLIC_ROUTES.has(`${method} ${path}`)) {
          expect({ route: `${method} ${path}`, status: res.status }).not.toEqual({
            route: `${method} ${path}`,
            status: 401,
          });
        } else {
          expect({ route: `${method} ${path}`, status: res.status }).toEqual({
            route: `${method} ${path}`,
            status: 401,
          });
          guarded++;
        }
      }
      // Every refusal left an audit record.
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM audit_records
         WHERE action = 'auth.authenticate' AND outcome = 'denied' AND details->>'reason' = 'missing_credentials'
           AND occurred_at >= $1`,
        [started],
      );
      expect(n).toBeGreaterThanOrEqual(guarded);
    });

    it('should send security headers', async () => {
      const res = await request(api.getHttpServer()).get('/health');
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('should allow no cross-origin caller when no origin is configured', async () => {
      const res = await request(api.getHttpServer())
        .options('/api/v1/auth/login')
        .set('Origin', 'https://anywhere.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with tight limits and a CORS origin', () => {
    let api: INestApplication;
    beforeAll(async () => {
      api = await startApiWith({
        API_RATE_LIMIT: '20',
        LOGIN_RATE_LIMIT: '3',
        BODY_LIMIT: '1kb',
        CORS_ORIGINS: 'https://app.comity.test, https://other.comity.test',
      });
    });
    afterAll(() => api?.close());

    it('should allow only the configured origins', async () => {
      const allowed = await request(api.getHttpServer())
        .options('/api/v1/auth/login')
        .set('Origin', 'https://app.comity.test')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.comity.test');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
      const refused = await request(api.getHttpServer())
        .options('/api/v1/auth/login')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should refuse a body over the size limit with 413', async () => {
      const res = await request(api.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: 'a@b.test', password: 'x'.repeat(2048) });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    });

    it('should answer malformed JSON with 400', async () => {
      const res = await request(api.getHttpServer())
        .post('/api/v1/auth/refresh')
        .set('Content-Type', 'application/json')
        .send('{"refreshToken": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('should rate-limit login attempts per client, then the api as a whole', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (
            await request(api.getHttpServer())
              .post('/api/v1/auth/login')
              .send({ email: 'nobody@x.test', password: 'p' })
          ).status,
        );
      }
      // Three attempts a minute (the oversized body above never reached the api).
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const last = await request(api.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@x.test', password: 'p' });
      expect(last.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Object.keys(last.headers).some((h) => h.startsWith('retry-after'))).toBe(true);

      const others: number[] = [];
      for (let i = 0; i < 20; i++)
        others.push((await request(api.getHttpServer()).get('/api/v1/auth/me')).status);
      // 20 requests a minute per client across all routes; the login attempts above count too.
      const first429 = others.indexOf(429);
      expect(first429).toBeGreaterThan(0);
      expect(others.slice(0, first429).every((s) => s === 401)).toBe(true);
      expect(others.slice(first429).every((s) => s === 429)).toBe(true);
      expect(first429).toBeLessThan(20 - 5);
      // Health checks are not throttled.
      await request(api.getHttpServer()).get('/health').expect(200);
    });
  });

  describe('OIDC bearer tokens', () => {
    let api: INestApplication;
    let jwks: Server;
    let signingKey: CryptoKey;
    let strangerKey: CryptoKey;
    const ISSUER = 'https://idp.ministerio.test';
    const AUDIENCE = 'comity-api';
    const subject = `oidc-${Date.now()}`;

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      signingKey = pair.privateKey;
      strangerKey = (await generateKeyPair('RS256')).privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      jwks = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const { port } = jwks.address() as AddressInfo;
      api = await startApiWith({
        API_RATE_LIMIT: '10000',
        OIDC_ISSUER: ISSUER,
        OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
        OIDC_AUDIENCE: AUDIENCE,
      });
      const user = await createUser(ds, await createAuthority(ds, 'HN', 'central_authority'), [
        'central_authority',
      ]);
      await ds.query(`UPDATE users SET oidc_subject = $2 WHERE id = $1`, [user.id, subject]);
    });
    afterAll(async () => {
      await api?.close();
      await new Promise((resolve) => jwks?.close(resolve));
    });

    const token = (over: { key?: CryptoKey; aud?: string; sub?: string; iss?: string; exp?: string } = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(over.iss ?? ISSUER)
        .setAudience(over.aud ?? AUDIENCE)
        .setSubject(over.sub ?? subject)
        .setIssuedAt()
        .setExpirationTime(over.exp ?? '5m')
        .sign(over.key ?? signingKey);

    it('should accept a token from the configured issuer for a provisioned user', async () => {
      const res = await request(api.getHttpServer())
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${await token()}`)
        .expect(200);
      expect(res.body).toMatchObject({
        jurisdiction: 'HN',
        roles: ['central_authority'],
        authenticatedVia: 'oidc',
      });
    });

    it.each([
      ['another audience', { aud: 'someone-else' }],
      ['a key not in the JWKS', { key: undefined as unknown as CryptoKey, stranger: true }],
      ['an unknown subject', { sub: 'nobody-here' }],
      ['an expired token', { exp: '-10m' }],
      ['another issuer', { iss: 'https://idp.elsewhere.test' }],
    ])('should refuse %s', async (_, over) => {
      const options = 'stranger' in over ? { key: strangerKey } : over;
      await request(api.getHttpServer())
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${await token(options)}`)
        .expect(401);
    });
  });
});
