import { ApiEnvironment, DatabaseEnvironment, TemporalEnvironment, WorkerEnvironment } from './environment';
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
});
