import { loadAuthConfig } from './config';
import { ConfigValidationError } from './validate-env';

describe('loadAuthConfig', () => {
  it('should use the CJIS-bounded defaults and a development secret outside production', () => {
    const config = loadAuthConfig({ NODE_ENV: 'test' });
    expect(config).toMatchObject({
      accessTokenTtl: 900,
      idleTimeout: 1800,
      lockoutThreshold: 5,
      lockoutDuration: 900,
      oidc: null,
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('should refuse to start in production without AUTH_JWT_SECRET', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET: required/);
  });

  it('should take the secret from the environment in production', () => {
    const secret = 'x'.repeat(40);
    expect(loadAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).jwtSecret).toBe(secret);
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
