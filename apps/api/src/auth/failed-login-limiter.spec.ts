import { FailedLoginLimiter } from './failed-login-limiter';

describe('FailedLoginLimiter', () => {
  const t0 = 1_000_000;
  const limiter = () => new FailedLoginLimiter({ limit: 3, windowSeconds: 60 });

  it('should refuse an account after the limit of failures until the window ends', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('Ana@Example.test', t0 + i)).toBe(0);
      l.failed('ana@example.test ', t0 + i);
    }
    expect(l.retryAfter('ana@example.test', t0 + 10)).toBe(60);
    expect(l.retryAfter('ANA@EXAMPLE.TEST', t0 + 59_001)).toBe(1);
    expect(l.retryAfter('ana@example.test', t0 + 60_000)).toBe(0);
    // A new window starts from the next failure.
    l.failed('ana@example.test', t0 + 60_000);
    expect(l.retryAfter('ana@example.test', t0 + 60_001)).toBe(0);
  });

  it('should count each account apart, and forget one when cleared', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.failed('a@x.test', t0);
    expect(l.retryAfter('b@x.test', t0)).toBe(0);
    expect(l.retryAfter('a@x.test', t0)).toBeGreaterThan(0);
    l.clear('A@x.test');
    expect(l.retryAfter('a@x.test', t0)).toBe(0);
  });
});
