import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@comity/config';

export const FAILED_LOGIN_LIMITS = Symbol('FAILED_LOGIN_LIMITS');

export interface FailedLoginLimits {
  /** Failed logins per account within the window before logins to it answer 429. */
  limit: number;
  windowSeconds: number;
}

export function failedLoginLimits(api: ApiConfig): FailedLoginLimits {
  return { limit: api.loginFailureLimit, windowSeconds: api.loginFailureWindow };
}

// Bounds memory when someone sprays logins at made-up addresses.
const MAX_TRACKED = 100_000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Failed logins per account, counted by the email as typed (trimmed, lower-cased), whether or
 * not such an account exists, so the answer never tells which accounts exist. Past the limit
 * every login to that email is refused with 429 until the window ends, without checking the
 * password (no oracle for a guesser, no password hashing for a flood); a successful login or an
 * admin's unlock or password reset clears the count. In memory, per api instance, like the
 * per-address limits; the lockout after consecutive failures is in the database and unchanged.
 */
@Injectable()
export class FailedLoginLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(@Inject(FAILED_LOGIN_LIMITS) private readonly limits: FailedLoginLimits) {}

  /** Seconds until logins to this account are accepted again, or 0 when they are now. */
  retryAfter(email: string, now = Date.now()): number {
    const w = this.current(keyOf(email), now);
    return w && w.failures >= this.limits.limit ? Math.ceil((w.endsAt - now) / 1000) : 0;
  }

  failed(email: string, now = Date.now()): void {
    const key = keyOf(email);
    const w = this.current(key, now);
    if (w) {
      w.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.prune(now);
    this.windows.set(key, { failures: 1, endsAt: now + this.limits.windowSeconds * 1000 });
  }

  clear(email: string): void {
    this.windows.delete(keyOf(email));
  }

  private current(key: string, now: number): Window | undefined {
    const w = this.windows.get(key);
    if (w && w.endsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.endsAt <= now) this.windows.delete(key);
    // Still full: the oldest windows go first (a Map iterates in insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(key);
    }
  }
}

function keyOf(email: string): string {
  return email.trim().toLowerCase();
}
