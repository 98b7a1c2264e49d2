import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@comity/audit';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  AuthSettings,
  Authenticator,
  randomToken,
  REFRESH_TOKEN_PREFIX,
  tokenDigest,
} from '@comity/auth';
import { ProblemException } from '../common/problem';
import { queryRows } from '@comity/persistence';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Single use: each refresh returns a new one and retires this one. */
  refreshToken: string;
  /** Seconds a session may stay idle before it must log in again. */
  idleTimeout: number;
}

// Login sessions: a short-lived access token (JWT) bound to a session row, and a rotating
// refresh-token family. Reusing a retired refresh token revokes the whole session (a sign the
// token was stolen). Only SHA-256 digests of refresh tokens are stored.
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly settings: AuthSettings,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditLog,
  ) {}

  async start(em: EntityManager, userId: string): Promise<{ sessionId: string; tokens: TokenPair }> {
    const sessionId = randomUUID();
    await em.query(
      `INSERT INTO auth_sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [sessionId, userId, this.settings.refreshTokenTtl],
    );
    return { sessionId, tokens: await this.issue(em, sessionId, userId) };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const digest = tokenDigest(refreshToken);
    const outcome = await this.dataSource.transaction(async (em) => {
      const rotated: { session_id: string; user_id: string }[] = await queryRows(
        em,
        `UPDATE refresh_tokens r SET used_at = now() FROM auth_sessions s
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND s.id = r.session_id
         RETURNING r.session_id, s.user_id`,
        [digest],
      );
      if (!rotated.length) {
        const reused: { session_id: string; user_id: string; revoked: boolean }[] = await em.query(
          `SELECT r.session_id, s.user_id, s.revoked_at IS NOT NULL AS revoked
           FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id
           WHERE r.token_hash = $1`,
          [digest],
        );
        if (reused.length) {
          const { session_id: sessionId, user_id: userId, revoked } = reused[0];
          if (revoked) return { kind: 'ended' as const, userId, sessionId };
          // A retired token presented again: someone else may hold the family, so end it.
          await this.revokeIn(em, sessionId, 'refresh_token_reuse');
          return { kind: 'reused' as const, userId, sessionId };
        }
        return { kind: 'unknown' as const };
      }
      const { session_id: sessionId, user_id: userId } = rotated[0];
      const principal = await this.authenticator.touchSession(sessionId, userId);
      if (!principal) return { kind: 'ended' as const, userId, sessionId };
      return { kind: 'ok' as const, userId, sessionId, tokens: await this.issue(em, sessionId, userId) };
    });
    if (outcome.kind === 'ok') return outcome.tokens;
    // Commit the rotation/revocation above, then record the refusal.
    await this.audit.record({
      caseId: null,
      action: 'auth.refresh',
      actorId: outcome.kind === 'unknown' ? null : outcome.userId,
      outcome: 'denied',
      details: {
        reason:
          outcome.kind === 'reused'
            ? 'refresh_token_reuse'
            : outcome.kind === 'ended'
              ? 'session_ended'
              : 'unknown_token',
        sessionId: outcome.kind === 'unknown' ? null : outcome.sessionId,
      },
    });
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'Unauthorized',
      'The refresh token is not valid; log in again',
    );
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.dataSource.transaction((em) => this.revokeIn(em, sessionId, reason));
  }

  async revokeAllForUser(em: EntityManager, userId: string, reason: string): Promise<void> {
    await em.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }

  private async revokeIn(em: EntityManager, sessionId: string, reason: string): Promise<void> {
    await em.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
    await em.query(`UPDATE refresh_tokens SET used_at = now() WHERE session_id = $1 AND used_at IS NULL`, [
      sessionId,
    ]);
  }

  private async issue(em: EntityManager, sessionId: string, userId: string): Promise<TokenPair> {
    const refreshToken = randomToken(REFRESH_TOKEN_PREFIX);
    await em.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [
      tokenDigest(refreshToken),
      sessionId,
    ]);
    const accessToken = await this.jwt.signAsync(
      { sid: sessionId },
      {
        algorithm: 'HS256',
        subject: userId,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: this.settings.accessTokenTtl,
        jwtid: randomUUID(),
      },
    );
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.settings.accessTokenTtl,
      refreshToken,
      idleTimeout: this.settings.idleTimeout,
    };
  }
}
