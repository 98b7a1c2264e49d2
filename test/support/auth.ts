import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { PasswordHasher, type AuthorityKind, type Role } from '../../libs/auth/src';

// Identity fixtures written straight into the tables, and logins through the real api.

const hasher = new PasswordHasher();
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'test-password-0123456789';

export interface TestAuthority {
  id: string;
  jurisdiction: string;
  kind: AuthorityKind;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  authorityId: string;
  roles: Role[];
}

export async function createAuthority(
  ds: DataSource,
  jurisdiction: string,
  kind: AuthorityKind,
): Promise<TestAuthority> {
  const code = `T-${randomBytes(6).toString('hex').toUpperCase()}`;
  const [row] = await ds.query(
    `INSERT INTO authorities (code, name, jurisdiction, kind) VALUES ($1, $2, $3, $4) RETURNING id`,
    [code, `Test authority ${code}`, jurisdiction, kind],
  );
  return { id: row.id, jurisdiction, kind };
}

export async function createUser(ds: DataSource, authority: TestAuthority, roles: Role[]): Promise<TestUser> {
  cachedHash ??= hasher.hash(TEST_PASSWORD);
  const id = randomUUID();
  const email = `user-${id}@test.comity.dev`;
  await ds.query(
    `INSERT INTO users (id, kind, email, display_name, authority_id, roles, password_hash) VALUES ($1, 'user', $2, 'Test user', $3, $4, $5)`,
    [id, email, authority.id, roles, await cachedHash],
  );
  return { id, email, password: TEST_PASSWORD, authorityId: authority.id, roles };
}

export async function login(api: INestApplication, user: { email: string; password: string }) {
  const res = await request(api.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password });
  if (res.status !== 200)
    throw new Error(`login of ${user.email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; refreshToken: string; expiresIn: number };
}

export async function bearer(
  api: INestApplication,
  user: { email: string; password: string },
): Promise<string> {
  return `Bearer ${(await login(api, user)).accessToken}`;
}

export interface TestCase {
  id: string;
  requestingState: string;
  requestedState: string;
  requestingAuthorityId: string | null;
  transmitted: boolean;
  sealed: boolean;
}

// A case row as the projection would leave it, for access tests that need exact relations.
export async function insertCase(
  ds: DataSource,
  c: Omit<TestCase, 'id'>,
  assignedUserIds: string[] = [],
): Promise<TestCase> {
  const id = randomUUID();
  await ds.query(
    `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq, requesting_authority_id,
                        transmitted_at, sealed, reference)
     VALUES ($1, 'mla', $2, $3, $4, 0, $5, $6, $7, $8)`,
    [
      id,
      c.requestingState,
      c.requestedState,
      c.transmitted ? 'transmitted' : 'draft',
      c.requestingAuthorityId,
      c.transmitted ? new Date() : null,
      c.sealed,
      `TEST-${id.slice(0, 8)}`,
    ],
  );
  for (const userId of assignedUserIds) {
    await ds.query(`INSERT INTO case_assignments (case_id, user_id) VALUES ($1, $2)`, [id, userId]);
  }
  return { id, ...c };
}

export async function auditRows(
  ds: DataSource,
  where: { actorId?: string | null; action?: string; caseId?: string | null; outcome?: string },
): Promise<{ action: string; outcome: string; case_id: string | null; details: Record<string, unknown> }[]> {
  return ds.query(
    `SELECT action, outcome, case_id, details FROM audit_records
     WHERE ($1::text IS NULL OR actor_id = $1) AND ($2::text IS NULL OR action = $2)
       AND ($3::uuid IS NULL OR case_id = $3) AND ($4::text IS NULL OR outcome = $4)
     ORDER BY occurred_at, seq`,
    [where.actorId ?? null, where.action ?? null, where.caseId ?? null, where.outcome ?? null],
  );
}

/**
 * A test's people, each a new user of the given authority and roles, signed in: their records and
 * bearer credentials by name.
 */
export async function signedInPeople<K extends string>(
  api: INestApplication,
  ds: DataSource,
  spec: Record<K, [TestAuthority, Role[]]>,
): Promise<{ people: Record<K, TestUser>; auth: Record<K, string> }> {
  const people = {} as Record<K, TestUser>;
  const auth = {} as Record<K, string>;
  for (const [who, [authority, roles]] of Object.entries(spec) as [K, [TestAuthority, Role[]]][]) {
    people[who] = await createUser(ds, authority, roles);
    auth[who] = await bearer(api, people[who]);
  }
  return { people, auth };
}
