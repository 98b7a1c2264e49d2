import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthSettings } from './auth-settings';
import { isRole, type AuthorityKind, type AuthUser } from './auth-user';
import { OidcVerifier } from './oidc-verifier';
import { API_TOKEN_PREFIX, tokenDigest } from './tokens';
import { isUuid } from '@comity/domain';
import { queryRows } from '@comity/persistence';

export const ACCESS_TOKEN_ISSUER = 'comity';
export const ACCESS_TOKEN_AUDIENCE = 'comity-api';

export type AuthFailure =
  | 'missing_credentials'
  | 'malformed_credentials'
  | 'invalid_token'
  | 'session_ended'
  | 'idle_timeout'
  | 'unknown_subject';

export type AuthResult = { ok: true; user: AuthUser } | { ok: false; reason: AuthFailure; actorId?: string };

interface PrincipalRow {
  id: string;
  kind: 'user' | 'service';
  roles: string[];
  authority_id: string;
  authority_kind: AuthorityKind;
  jurisdiction: string;
}

// Session activity is recorded to this precision (see touchSession).
const TOUCH_GRANULARITY_SECONDS = 15;

const PRINCIPAL_COLUMNS = `u.id, u.kind, u.roles, u.authority_id, a.kind AS authority_kind, a.jurisdiction`;

// Turns an Authorization header into an AuthUser: our access tokens (JWT, HS256, bound to a
// live session), service-account API tokens, or OIDC tokens from the configured issuer. Roles,
// authority and jurisdiction are read from the database on every request, so a change by an
// admin takes effect at once.
@Injectable()
export class Authenticator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly oidc: OidcVerifier,
    private readonly settings: AuthSettings,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthResult> {
    if (!authorization) return { ok: false, reason: 'missing_credentials' };
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
    if (!match) return { ok: false, reason: 'malformed_credentials' };
    const token = match[1];
    if (token.startsWith(API_TOKEN_PREFIX)) return this.apiToken(token);
    const issuer = unverifiedIssuer(token);
    if (issuer === ACCESS_TOKEN_ISSUER) return this.accessToken(token);
    if (issuer !== null && issuer === this.oidc.issuer) return this.oidcToken(token);
    return { ok: false, reason: 'invalid_token' };
  }

  private async accessToken(token: string): Promise<AuthResult> {
    let claims: { sub?: unknown; sid?: unknown };
    try {
      claims = await this.jwt.verifyAsync(token, {
        algorithms: ['HS256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
      });
    } catch {
      return { ok: false, reason: 'invalid_token' };
    }
    // Ours always carry UUIDs; anything else was not issued here, whatever its signature.
    if (!isUuid(claims.sub) || !isUuid(claims.sid)) return { ok: false, reason: 'invalid_token' };
    const user = await this.touchSession(claims.sid, claims.sub);
    if (user) return { ok: true, user: { ...user, via: 'password', sessionId: claims.sid } };
    return { ok: false, reason: await this.whySessionEnded(claims.sid), actorId: claims.sub };
  }

  // Checks the session is live and not idle past the timeout, and marks it active. The mark is
  // written at most once per TOUCH_GRANULARITY_SECONDS: most requests then only read, so they
  // cost no commit, and idle expiry stays exact to well under a minute of its 30.
  async touchSession(sessionId: string, userId: string): Promise<Omit<AuthUser, 'via' | 'sessionId'> | null> {
    const rows: PrincipalRow[] = await this.dataSource.query(
      `WITH s AS (
         SELECT id, user_id, last_seen_at FROM auth_sessions
         WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
           AND last_seen_at > now() - make_interval(secs => $3)),
       touched AS (
         UPDATE auth_sessions t SET last_seen_at = now() FROM s
         WHERE t.id = s.id AND s.last_seen_at <= now() - make_interval(secs => $4))
       SELECT ${PRINCIPAL_COLUMNS} FROM s JOIN users u ON u.id = s.user_id JOIN authorities a ON a.id = u.authority_id
       WHERE u.active AND a.active`,
      [sessionId, userId, this.settings.idleTimeout, TOUCH_GRANULARITY_SECONDS],
    );
    return rows.length ? toPrincipal(rows[0]) : null;
  }

  private async whySessionEnded(sessionId: string): Promise<AuthFailure> {
    const rows: { idle: boolean; live: boolean }[] = await this.dataSource.query(
      `SELECT last_seen_at <= now() - make_interval(secs => $2) AS idle,
              revoked_at IS NULL AND expires_at > now() AS live
       FROM auth_sessions WHERE id = $1`,
      [sessionId, this.settings.idleTimeout],
    );
    return rows[0]?.live && rows[0].idle ? 'idle_timeout' : 'session_ended';
  }

  private async apiToken(token: string): Promise<AuthResult> {
    const rows: PrincipalRow[] = await queryRows(
      this.dataSource,
      `UPDATE api_tokens t SET last_used_at = now()
       FROM users u JOIN authorities a ON a.id = u.authority_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
         AND u.id = t.user_id AND u.kind = 'service' AND u.active AND a.active
       RETURNING ${PRINCIPAL_COLUMNS}`,
      [tokenDigest(token)],
    );
    if (!rows.length) return { ok: false, reason: 'invalid_token' };
    return { ok: true, user: { ...toPrincipal(rows[0]), via: 'api_token', sessionId: null } };
  }

  private async oidcToken(token: string): Promise<AuthResult> {
    const subject = await this.oidc.verify(token);
    if (!subject) return { ok: false, reason: 'invalid_token' };
    const rows: PrincipalRow[] = await this.dataSource.query(
      `SELECT ${PRINCIPAL_COLUMNS} FROM users u JOIN authorities a ON a.id = u.authority_id
       WHERE u.oidc_subject = $1 AND u.kind = 'user' AND u.active AND a.active
         AND (u.locked_until IS NULL OR u.locked_until <= now())`,
      [subject],
    );
    if (!rows.length) return { ok: false, reason: 'unknown_subject' };
    return { ok: true, user: { ...toPrincipal(rows[0]), via: 'oidc', sessionId: null } };
  }
}

function toPrincipal(row: PrincipalRow): Omit<AuthUser, 'via' | 'sessionId'> {
  return {
    id: row.id,
    kind: row.kind,
    authorityId: row.authority_id,
    authorityKind: row.authority_kind,
    jurisdiction: row.jurisdiction,
    roles: row.roles.filter(isRole),
  };
}

// Only to route the token to the right verifier; nothing is trusted before verification.
function unverifiedIssuer(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : null;
  } catch {
    return null;
  }
}
