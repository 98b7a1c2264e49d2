import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuthConfig } from './config';
import { ApiEnvironment, DatabaseEnvironment, TemporalEnvironment, WorkerEnvironment } from './environment';
import { loadPayloadConfig } from './payload-keys';
import { ConfigValidationError, validateEnv } from './validate-env';

describe('validateEnv', () => {
  it('should apply the documented defaults when variables are absent', () => {
    expect(validateEnv(DatabaseEnvironment, {}).DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/comity');
    expect(validateEnv(TemporalEnvironment, {})).toMatchObject({
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'comity',
    });
    expect(validateEnv(ApiEnvironment, {}).API_PORT).toBe(3000);
  });

  it('should convert numeric variables from their string form', () => {
    expect(validateEnv(WorkerEnvironment, { WORKER_MAX_CACHED_WORKFLOWS: '42' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(42);
  });

  it.each([
    [ApiEnvironment, { API_PORT: 'eighty' }, 'API_PORT'],
    [ApiEnvironment, { NODE_ENV: 'staging' }, 'NODE_ENV'],
    [DatabaseEnvironment, { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [TemporalEnvironment, { TEMPORAL_ADDRESS: 'no-port' }, 'TEMPORAL_ADDRESS'],
    [WorkerEnvironment, { WORKER_MAX_CACHED_WORKFLOWS: '0' }, 'WORKER_MAX_CACHED_WORKFLOWS'],
  ])('should name the variable when %p gets %p', (cls, env, variable) => {
    expect(() => validateEnv(cls as new () => object, env)).toThrow(ConfigValidationError);
    expect(() => validateEnv(cls as new () => object, env)).toThrow(new RegExp(`${variable}:`));
  });

  describe('secrets from files (X_FILE, as Docker and Kubernetes secrets provide them)', () => {
    let dir: string;
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'comity-secrets-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should read a variable from the file its _FILE variable names, without the final line break', () => {
      const url = 'postgres://comity:s3cret@db:5432/comity';
      expect(validateEnv(DatabaseEnvironment, { DATABASE_URL_FILE: file('url', `${url}\n`) }).DATABASE_URL).toBe(url);
    });

    it('should give every secret the same way: signing secret and payload keys', () => {
      const secret = 'k7Qe2pX9vLm4Rt8Zs1Wc6Yb3Nd5Hf0Ga';
      const key = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
      expect(
        loadAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET_FILE: file('jwt', `${secret}\n`) }).jwtSecret,
      ).toBe(secret);
      expect(
        loadPayloadConfig({ NODE_ENV: 'production', PAYLOAD_KEYS_FILE: file('keys', key) }).keys.map((k) => k.id),
      ).toEqual(['k1']);
    });

    it('should validate what the file holds like the variable itself', () => {
      expect(() => validateEnv(DatabaseEnvironment, { DATABASE_URL_FILE: file('url', 'mysql://x') })).toThrow(
        /DATABASE_URL: DATABASE_URL must be a postgres:\/\/ URL/,
      );
    });

    it('should refuse a variable given both ways, and name an unreadable file without its content', () => {
      const path = file('url', 'postgres://a@b/c');
      expect(() =>
        validateEnv(DatabaseEnvironment, { DATABASE_URL: 'postgres://x@y/z', DATABASE_URL_FILE: path }),
      ).toThrow(/DATABASE_URL_FILE: DATABASE_URL is set too/);
      const missing = join(dir, 'missing');
      expect(() => validateEnv(DatabaseEnvironment, { DATABASE_URL_FILE: missing })).toThrow(
        `DATABASE_URL_FILE: cannot read ${missing} (ENOENT)`,
      );
    });
  });
});
