import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@comity/audit';
import { AuthSettings, PasswordHasher } from '@comity/auth';
import { ProblemException, tooManyRequests } from '../common/problem';
import { FailedLoginLimiter } from './failed-login-limiter';
import { SessionService, type TokenPair } from './session.service';
import { queryRows } from '@comity/persistence';

interface Account {
  id: string;
  password_hash: string | null;
  active: boolean;
  locked: boolean;
}

type LoginFailure = 'unknown_account' | 'bad_password' | 'locked' | 'inactive' | 'throttled';

// Password login with lockout: LOCKOUT_THRESHOLD consecutive failures lock the account for
// LOCKOUT_DURATION (CJIS: at most 5, at least 10 minutes); a success resets the count. Apart from
// that, LOGIN_FAILURE_LIMIT failures for one email within LOGIN_FAILURE_WINDOW answer 429 to every
// login to it until the window ends (FailedLoginLimiter). Every attempt is audited on the global
// chain, without the email or password.
@Injectable()
export class LoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly settings: AuthSettings,
    private readonly audit: AuditLog,
    private readonly failures: FailedLoginLimiter,
  ) {}

  async login(email: string, password: string): Promise<TokenPair> {
    const wait = this.failures.retryAfter(email);
    if (wait > 0) {
      await this.recordFailure(null, 'throttled');
      throw tooManyRequests(wait, 'Too many failed logins; try again later');
    }
    try {
      const tokens = await this.attempt(email, password);
      this.failures.clear(email);
      return tokens;
    } catch (err) {
      if (err instanceof ProblemException && err.getStatus() === HttpStatus.UNAUTHORIZED) this.failures.failed(email);
      throw err;
    }
  }

  private async attempt(email: string, password: string): Promise<TokenPair> {
    const [account]: Account[] = await this.dataSource.query(
      `SELECT u.id, u.password_hash, u.active AND a.active AS active,
              coalesce(u.locked_until > now(), false) AS locked
       FROM users u JOIN authorities a ON a.id = u.authority_id
       WHERE lower(u.email) = lower($1) AND u.kind = 'user'`,
      [email],
    );
    if (!account) {
      await this.hasher.verifyDummy(password);
      return this.refuse(null, 'unknown_account');
    }
    const matches = account.password_hash
      ? await this.hasher.verify(account.password_hash, password)
      : await this.hasher.verifyDummy(password);
    if (account.locked) return this.refuse(account.id, 'locked');
    if (!matches) return this.failed(account.id);
    if (!account.active) return this.refuse(account.id, 'inactive');

    const tokens = await this.dataSource.transaction(async (em) => {
      const updated: unknown[] = await queryRows(
        em,
        `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now()
         WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now()) RETURNING id`,
        [account.id],
      );
      if (!updated.length) return null; // locked by a concurrent failure
      if (account.password_hash && this.hasher.needsRehash(account.password_hash)) {
        await em.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [
          account.id,
          await this.hasher.hash(password),
        ]);
      }
      return (await this.sessions.start(em, account.id)).tokens;
    });
    if (!tokens) return this.refuse(account.id, 'locked');
    await this.audit.record({
      caseId: null,
      action: 'auth.login',
      actorId: account.id,
      outcome: 'allowed',
      details: {},
    });
    return tokens;
  }

  private async failed(userId: string): Promise<never> {
    // Counted atomically; the failure that reaches the threshold sets the lock and restarts the count.
    const [row]: { locked_now: boolean; failed_logins: number }[] = await queryRows(
      this.dataSource,
      `UPDATE users SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
       WHERE id = $1
       RETURNING failed_logins = 0 AS locked_now, failed_logins`,
      [userId, this.settings.lockoutThreshold, this.settings.lockoutDuration],
    );
    await this.recordFailure(userId, 'bad_password');
    if (row?.locked_now) {
      await this.audit.record({
        caseId: null,
        action: 'auth.lockout',
        actorId: userId,
        outcome: 'denied',
        details: {
          reason: 'too_many_failures',
          threshold: this.settings.lockoutThreshold,
          seconds: this.settings.lockoutDuration,
        },
      });
    }
    throw unauthorized();
  }

  private async refuse(userId: string | null, reason: LoginFailure): Promise<never> {
    await this.recordFailure(userId, reason);
    throw unauthorized();
  }

  private async recordFailure(userId: string | null, reason: LoginFailure): Promise<void> {
    await this.audit.record({
      caseId: null,
      action: 'auth.login',
      actorId: userId,
      outcome: 'failed',
      details: { reason },
    });
  }
}

// One answer for every failure, so the response does not tell which accounts exist.
function unauthorized(): ProblemException {
  return new ProblemException(
    HttpStatus.UNAUTHORIZED,
    'Unauthorized',
    'Invalid email or password, or the account is locked',
  );
}
