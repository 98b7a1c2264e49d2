import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import {
  API_TOKEN_PREFIX,
  PasswordHasher,
  randomToken,
  tokenDigest,
  type AuthUser,
  type Role,
} from '@comity/auth';
import { ProblemException } from '../common/problem';
import { FailedLoginLimiter } from '../auth/failed-login-limiter';
import { SessionService } from '../auth/session.service';
import type {
  CreateApiTokenDto,
  CreateAuthorityDto,
  CreateUserDto,
  UpdateAuthorityDto,
  UpdateUserDto,
} from './dto/admin.dto';
import { queryRows } from '@comity/persistence';

export interface AuthorityView {
  id: string;
  code: string;
  name: string;
  jurisdiction: string;
  kind: string;
  active: boolean;
}

export interface UserView {
  id: string;
  kind: 'user' | 'service';
  email: string | null;
  displayName: string;
  authorityId: string;
  jurisdiction: string;
  roles: Role[];
  oidcSubject: string | null;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const USER_SELECT = `SELECT u.id, u.kind, u.email, u.display_name, u.authority_id, a.jurisdiction, u.roles, u.oidc_subject,
  u.active, CASE WHEN u.locked_until > now() THEN u.locked_until END AS locked_until, u.last_login_at
  FROM users u JOIN authorities a ON a.id = u.authority_id`;

// Authorities, users, roles and service-account API tokens. Every change is audited on the global
// chain in the same transaction (ids and codes only).
@Injectable()
export class AdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditWriter,
    private readonly sessions: SessionService,
    private readonly failedLogins: FailedLoginLimiter,
  ) {}

  async listAuthorities(jurisdiction?: string): Promise<AuthorityView[]> {
    const rows: AuthorityRow[] = await this.dataSource.query(
      `SELECT id, code, name, jurisdiction, kind, active FROM authorities
       WHERE ($1::text IS NULL OR jurisdiction = $1) ORDER BY jurisdiction, code`,
      [jurisdiction ?? null],
    );
    return rows.map(toAuthority);
  }

  async getAuthority(id: string): Promise<AuthorityView> {
    const [row]: AuthorityRow[] = await this.dataSource.query(
      `SELECT id, code, name, jurisdiction, kind, active FROM authorities WHERE id = $1`,
      [id],
    );
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'Authority not found');
    return toAuthority(row);
  }

  createAuthority(admin: AuthUser, dto: CreateAuthorityDto): Promise<AuthorityView> {
    return this.change(admin, 'admin.authority.create', async (em) => {
      const rows: AuthorityRow[] = await em.query(
        `INSERT INTO authorities (code, name, jurisdiction, kind) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO NOTHING RETURNING id, code, name, jurisdiction, kind, active`,
        [dto.code, dto.name, dto.jurisdiction, dto.kind],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.CONFLICT, 'Authority code already in use');
      const view = toAuthority(rows[0]);
      return {
        result: view,
        details: { authorityId: view.id, jurisdiction: view.jurisdiction, kind: view.kind },
      };
    });
  }

  updateAuthority(admin: AuthUser, id: string, dto: UpdateAuthorityDto): Promise<AuthorityView> {
    return this.change(admin, 'admin.authority.update', async (em) => {
      const rows: AuthorityRow[] = await queryRows(
        em,
        `UPDATE authorities SET name = coalesce($2, name), active = coalesce($3, active), updated_at = now()
         WHERE id = $1 RETURNING id, code, name, jurisdiction, kind, active`,
        [id, dto.name ?? null, dto.active ?? null],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.NOT_FOUND, 'Authority not found');
      return { result: toAuthority(rows[0]), details: { authorityId: id, active: rows[0].active } };
    });
  }

  async listUsers(filter: { authorityId?: string; jurisdiction?: string }): Promise<UserView[]> {
    const rows: UserRow[] = await this.dataSource.query(
      `${USER_SELECT} WHERE ($1::uuid IS NULL OR u.authority_id = $1) AND ($2::text IS NULL OR a.jurisdiction = $2)
       ORDER BY a.jurisdiction, u.created_at`,
      [filter.authorityId ?? null, filter.jurisdiction ?? null],
    );
    return rows.map(toUser);
  }

  async getUser(id: string, em: EntityManager = this.dataSource.manager): Promise<UserView> {
    const [row]: UserRow[] = await em.query(`${USER_SELECT} WHERE u.id = $1`, [id]);
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'User not found');
    return toUser(row);
  }

  async createUser(admin: AuthUser, dto: CreateUserDto): Promise<UserView> {
    if (dto.kind === 'user' && !dto.email) throw invalid('email', 'email is required for users');
    if (dto.kind === 'service' && dto.password)
      throw invalid('password', 'service accounts use API tokens, not passwords');
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : null;
    return this.change(admin, 'admin.user.create', async (em) => {
      await this.requireAuthority(em, dto.authorityId);
      const rows: { id: string }[] = await em.query(
        `INSERT INTO users (kind, email, display_name, authority_id, roles, password_hash, oidc_subject)
         VALUES ($1, lower($2), $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          dto.kind,
          dto.email ?? null,
          dto.displayName,
          dto.authorityId,
          dto.roles,
          passwordHash,
          dto.oidcSubject ?? null,
        ],
      );
      if (!rows.length)
        throw new ProblemException(HttpStatus.CONFLICT, 'Email or OIDC subject already in use');
      const user = await this.getUser(rows[0].id, em);
      return {
        result: user,
        details: { userId: user.id, kind: user.kind, authorityId: user.authorityId, roles: user.roles },
      };
    });
  }

  updateUser(admin: AuthUser, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (id === admin.id && dto.active === false) {
      throw new ProblemException(HttpStatus.CONFLICT, 'You cannot deactivate yourself');
    }
    return this.change(admin, 'admin.user.update', async (em) => {
      if (dto.authorityId) await this.requireAuthority(em, dto.authorityId);
      // The subject is unique: another user's answers 409 here rather than a constraint error.
      if (dto.oidcSubject) {
        const [taken] = await em.query(`SELECT 1 FROM users WHERE oidc_subject = $1 AND id <> $2`, [
          dto.oidcSubject,
          id,
        ]);
        if (taken) throw new ProblemException(HttpStatus.CONFLICT, 'OIDC subject already in use');
      }
      const rows: { id: string }[] = await queryRows(
        em,
        `UPDATE users SET display_name = coalesce($2, display_name), authority_id = coalesce($3, authority_id),
           active = coalesce($4, active), oidc_subject = coalesce($5, oidc_subject), updated_at = now()
         WHERE id = $1 RETURNING id`,
        [id, dto.displayName ?? null, dto.authorityId ?? null, dto.active ?? null, dto.oidcSubject ?? null],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.NOT_FOUND, 'User not found');
      if (dto.active === false || dto.authorityId)
        await this.sessions.revokeAllForUser(em, id, 'account_changed');
      const user = await this.getUser(id, em);
      return {
        result: user,
        details: { userId: id, authorityId: dto.authorityId ?? null, active: dto.active ?? null },
      };
    });
  }

  setRoles(admin: AuthUser, id: string, roles: Role[]): Promise<UserView> {
    if (id === admin.id && !roles.includes('admin')) {
      throw new ProblemException(HttpStatus.CONFLICT, 'You cannot remove your own admin role');
    }
    return this.change(admin, 'admin.user.roles', async (em) => {
      const rows: { before: string[] }[] = await queryRows(
        em,
        `UPDATE users u SET roles = $2, updated_at = now() FROM users old
         WHERE u.id = $1 AND old.id = u.id RETURNING old.roles AS before`,
        [id, roles],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.NOT_FOUND, 'User not found');
      return {
        result: await this.getUser(id, em),
        details: { userId: id, before: rows[0].before, after: roles },
      };
    });
  }

  async setPassword(admin: AuthUser, id: string, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    await this.change(admin, 'admin.user.password', async (em) => {
      const rows: unknown[] = await queryRows(
        em,
        `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = now()
         WHERE id = $1 AND kind = 'user' RETURNING id`,
        [id, hash],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.NOT_FOUND, 'User not found');
      await this.sessions.revokeAllForUser(em, id, 'password_reset');
      return { result: undefined, details: { userId: id } };
    });
    await this.forgetFailedLogins(id);
  }

  // Lifting a lockout also lifts this api instance's per-account limit on failed logins.
  private async forgetFailedLogins(userId: string): Promise<void> {
    const { email } = await this.getUser(userId);
    if (email) this.failedLogins.clear(email);
  }

  async unlock(admin: AuthUser, id: string): Promise<UserView> {
    const user = await this.change(admin, 'admin.user.unlock', async (em) => {
      const rows: unknown[] = await queryRows(
        em,
        `UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1 RETURNING id`,
        [id],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.NOT_FOUND, 'User not found');
      return { result: await this.getUser(id, em), details: { userId: id } };
    });
    if (user.email) this.failedLogins.clear(user.email);
    return user;
  }

  async listApiTokens(userId: string): Promise<ApiTokenView[]> {
    await this.getUser(userId);
    const rows: ApiTokenRow[] = await this.dataSource.query(
      `SELECT id, name, created_at, expires_at, revoked_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    return rows.map(toApiToken);
  }

  // The token is shown once, here; only its SHA-256 digest is kept.
  createApiToken(
    admin: AuthUser,
    userId: string,
    dto: CreateApiTokenDto,
  ): Promise<ApiTokenView & { token: string }> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now())
      throw invalid('expiresAt', 'expiresAt must be in the future');
    return this.change(admin, 'admin.api_token.create', async (em) => {
      const [owner]: { kind: string }[] = await em.query(`SELECT kind FROM users WHERE id = $1`, [userId]);
      if (!owner) throw new ProblemException(HttpStatus.NOT_FOUND, 'User not found');
      if (owner.kind !== 'service') {
        throw new ProblemException(HttpStatus.CONFLICT, 'API tokens are only for service accounts');
      }
      const token = randomToken(API_TOKEN_PREFIX);
      const [row]: ApiTokenRow[] = await em.query(
        `INSERT INTO api_tokens (user_id, name, token_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, name, created_at, expires_at, revoked_at, last_used_at`,
        [userId, dto.name, tokenDigest(token), admin.id, expiresAt],
      );
      return { result: { ...toApiToken(row), token }, details: { userId, tokenId: row.id } };
    });
  }

  async revokeApiToken(admin: AuthUser, tokenId: string): Promise<void> {
    await this.change(admin, 'admin.api_token.revoke', async (em) => {
      const rows: { user_id: string }[] = await queryRows(
        em,
        `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING user_id`,
        [tokenId],
      );
      if (!rows.length) throw new ProblemException(HttpStatus.NOT_FOUND, 'API token not found');
      return { result: undefined, details: { userId: rows[0].user_id, tokenId } };
    });
  }

  private async requireAuthority(em: EntityManager, id: string): Promise<void> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM authorities WHERE id = $1`, [id]);
    if (!rows.length) throw invalid('authorityId', 'no such authority');
  }

  // Runs a change and its audit record in one transaction.
  private change<T>(
    admin: AuthUser,
    action: string,
    fn: (em: EntityManager) => Promise<{ result: T; details: Record<string, unknown> }>,
  ): Promise<T> {
    return this.dataSource
      .transaction(async (em) => {
        const { result, details } = await fn(em);
        await this.audit.append(em, {
          caseId: null,
          action,
          actorId: admin.id,
          details,
          idempotencyKey: `admin:${randomUUID()}`,
        });
        return result;
      })
      .catch((err: unknown) => {
        throw conflictOr(err);
      });
  }
}

// Two administrators racing to give the same unique value (an e-mail, an OIDC subject, a code):
// the loser hears 409, as the checks before the write answer, never a database error.
function conflictOr(err: unknown): unknown {
  const code = err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : undefined;
  return code === '23505'
    ? new ProblemException(HttpStatus.CONFLICT, 'Already in use', 'another record already has this value')
    : err;
}

type AuthorityRow = AuthorityView;
interface UserRow {
  id: string;
  kind: 'user' | 'service';
  email: string | null;
  display_name: string;
  authority_id: string;
  jurisdiction: string;
  roles: Role[];
  oidc_subject: string | null;
  active: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
}
interface ApiTokenRow {
  id: string;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

function toAuthority(r: AuthorityRow): AuthorityView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    jurisdiction: r.jurisdiction,
    kind: r.kind,
    active: r.active,
  };
}
function toUser(r: UserRow): UserView {
  return {
    id: r.id,
    kind: r.kind,
    email: r.email,
    displayName: r.display_name,
    authorityId: r.authority_id,
    jurisdiction: r.jurisdiction,
    roles: r.roles,
    oidcSubject: r.oidc_subject,
    active: r.active,
    lockedUntil: r.locked_until?.toISOString() ?? null,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
  };
}
function toApiToken(r: ApiTokenRow): ApiTokenView {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}
function invalid(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `${field}: ${message}`, [
    { field, messages: [message] },
  ]);
}
