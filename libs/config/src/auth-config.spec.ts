import { loadAuthConfig, weakSecretReason } from './config';
import { ConfigValidationError } from './validate-env';

const OLD_DEV_SECRET = 'comity-development-only-secret-never-use-in-production';

describe('loadAuthConfig', () => {
  it('should use the CJIS-bounded defaults and a random secret of its own outside production', () => {
    const config = loadAuthConfig({ NODE_ENV: 'test' });
    expect(config).toMatchObject({
      accessTokenTtl: 900,
      idleTimeout: 1800,
      lockoutThreshold: 5,
      lockoutDuration: 900,
      oidc: null,
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    // Never the development secret that once shipped in the repository.
    expect(config.jwtSecret).not.toBe(OLD_DEV_SECRET);
    expect(weakSecretReason(config.jwtSecret)).toBeNull();
    // One per process: everything in it signs and verifies alike.
    expect(loadAuthConfig({ NODE_ENV: 'development' }).jwtSecret).toBe(config.jwtSecret);
  });

  it('should refuse to start in production without AUTH_JWT_SECRET', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET: required/);
  });

  it('should take the secret from the environment in production', () => {
    const secret = 'k7Qe2pX9vLm4Rt8Zs1Wc6Yb3Nd5Hf0Ga';
    expect(loadAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it.each([
    ['the development secret that shipped in the repository', OLD_DEV_SECRET, /known default/],
    ['it in other case and with spaces', `  ${OLD_DEV_SECRET.toUpperCase()} `, /known default/],
    ["the fault storm's fixed secret", 'fault-storm-secret-0123456789-abcdefghijklmnop', /known default/],
    ['a secret of one repeated character', 'x'.repeat(40), /not random/],
    ['a secret of few distinct characters', 'abcabcabcabcabcabcabcabcabcabcabcabc', /not random/],
  ])('should refuse to start in production with %s', (_, secret, reason) => {
    const load = () => loadAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret });
    expect(load).toThrow(ConfigValidationError);
    expect(load).toThrow(/AUTH_JWT_SECRET: /);
    expect(load).toThrow(reason);
    // Outside production the same secret only draws a warning.
    expect(loadAuthConfig({ NODE_ENV: 'development', AUTH_JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it.each([
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ IDLE_TIMEOUT: '3600' }, 'IDLE_TIMEOUT'],
    [{ LOCKOUT_THRESHOLD: '6' }, 'LOCKOUT_THRESHOLD'],
    [{ LOCKOUT_DURATION: '300' }, 'LOCKOUT_DURATION'],
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_ISSUER'],
  ])('should name the variable when given %p', (env, variable) => {
    expect(() => loadAuthConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigValidationError);
    expect(() => loadAuthConfig({ NODE_ENV: 'test', ...env })).toThrow(new RegExp(`${variable}:`));
  });

  it('should enable OIDC when issuer, JWKS URL and audience are all set', () => {
    const config = loadAuthConfig({
      NODE_ENV: 'test',
      OIDC_ISSUER: 'https://idp.example',
      OIDC_JWKS_URL: 'http://127.0.0.1:9999/jwks',
      OIDC_AUDIENCE: 'comity',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://idp.example',
      jwksUrl: 'http://127.0.0.1:9999/jwks',
      audience: 'comity',
    });
  });
});
