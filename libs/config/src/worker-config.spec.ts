import { loadWorkerConfig } from './config';

describe('loadWorkerConfig', () => {
  it('should run unversioned unless a deployment and a build id are given', () => {
    expect(loadWorkerConfig({}).deployment).toBeNull();
    expect(loadWorkerConfig({ WORKER_DEPLOYMENT_NAME: 'comity', WORKER_BUILD_ID: '2026.11.2+abc123' }).deployment).toEqual({
      name: 'comity',
      buildId: '2026.11.2+abc123',
    });
  });

  it.each([[{ WORKER_DEPLOYMENT_NAME: 'comity' }], [{ WORKER_BUILD_ID: 'abc123' }]])(
    'should refuse one without the other: %p',
    (env) => {
      expect(() => loadWorkerConfig(env)).toThrow(/WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID must be set together/);
    },
  );

  it('should refuse a build id with spaces', () => {
    expect(() => loadWorkerConfig({ WORKER_DEPLOYMENT_NAME: 'comity', WORKER_BUILD_ID: 'v 2' })).toThrow(/WORKER_BUILD_ID:/);
  });

  it("should leave a cached case's tasks 10 s to its worker unless told otherwise", () => {
    expect(loadWorkerConfig({}).stickyTimeoutMs).toBe(10_000);
    expect(loadWorkerConfig({ WORKER_STICKY_TIMEOUT_MS: '1000' }).stickyTimeoutMs).toBe(1000);
    expect(() => loadWorkerConfig({ WORKER_STICKY_TIMEOUT_MS: '10' })).toThrow(/WORKER_STICKY_TIMEOUT_MS/);
  });

  it('should scale deadlines only when a test asks for it, and never in production', () => {
    expect(loadWorkerConfig({}).testDeadlineScale).toBeNull();
    expect(loadWorkerConfig({ NODE_ENV: 'test', COMITY_TEST_DEADLINE_SCALE: '0.0001' }).testDeadlineScale).toBe(0.0001);
    expect(() => loadWorkerConfig({ NODE_ENV: 'production', COMITY_TEST_DEADLINE_SCALE: '0.0001' })).toThrow(
      /COMITY_TEST_DEADLINE_SCALE: test only, refused in production/,
    );
  });

  it.each(['0', '-1', '2', 'fast'])('should refuse a scale that is not a factor in (0, 1]: %p', (scale) => {
    expect(() => loadWorkerConfig({ COMITY_TEST_DEADLINE_SCALE: scale })).toThrow(/COMITY_TEST_DEADLINE_SCALE:/);
  });
});
