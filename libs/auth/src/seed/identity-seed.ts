import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import type { AuthorityKind, Role } from '../auth-user';
import { PasswordHasher } from '../password-hasher';

// Known to everyone: demo data exists only outside production.
export const DEMO_PASSWORD = 'Comity-demo-2026!';
export const DEMO_EMAIL_DOMAIN = 'demo.comity.dev';

interface DemoAuthority {
  code: string;
  name: string;
  kind: AuthorityKind;
  role: Role;
  login: string;
}

// One prosecuting office, one central authority and one supervisory body per state.
export const DEMO_AUTHORITIES: Record<string, DemoAuthority[]> = {
  MX: [
    {
      code: 'MX-FEMDO',
      name: 'Fiscalía Especializada en Materia de Delincuencia Organizada (FGR)',
      kind: 'prosecutor_office',
      role: 'prosecutor',
      login: 'prosecutor',
    },
    {
      code: 'MX-FGR-CAIA',
      name: 'Fiscalía General de la República, Coordinación de Asuntos Internacionales y Agregadurías',
      kind: 'central_authority',
      role: 'central_authority',
      login: 'central',
    },
    {
      code: 'MX-FGR-VG',
      name: 'Visitaduría General (FGR)',
      kind: 'supervisory',
      role: 'supervisor',
      login: 'supervisor',
    },
  ],
  US: [
    {
      code: 'US-USAO-SDTX',
      name: "U.S. Attorney's Office, Southern District of Texas",
      kind: 'prosecutor_office',
      role: 'prosecutor',
      login: 'prosecutor',
    },
    {
      code: 'US-DOJ-OIA',
      name: 'Office of International Affairs (DOJ)',
      kind: 'central_authority',
      role: 'central_authority',
      login: 'central',
    },
    {
      code: 'US-DOJ-CRM-OAAG',
      name: 'Criminal Division, Office of the Assistant Attorney General (DOJ)',
      kind: 'supervisory',
      role: 'supervisor',
      login: 'supervisor',
    },
  ],
  GT: [
    {
      code: 'GT-MP-FECO',
      name: 'Fiscalía contra el Crimen Organizado (Ministerio Público)',
      kind: 'prosecutor_office',
      role: 'prosecutor',
      login: 'prosecutor',
    },
    {
      code: 'GT-MP-UAI',
      name: 'Unidad de Asuntos Internacionales (Ministerio Público)',
      kind: 'central_authority',
      role: 'central_authority',
      login: 'central',
    },
    {
      code: 'GT-MP-SG',
      name: 'Supervisión General (Ministerio Público)',
      kind: 'supervisory',
      role: 'supervisor',
      login: 'supervisor',
    },
  ],
  HN: [
    {
      code: 'HN-MP-FESCCO',
      name: 'Fiscalía Especial contra el Crimen Organizado (Ministerio Público)',
      kind: 'prosecutor_office',
      role: 'prosecutor',
      login: 'prosecutor',
    },
    {
      code: 'HN-MP-FG',
      name: 'Ministerio Público de Honduras, Fiscalía General de la República',
      kind: 'central_authority',
      role: 'central_authority',
      login: 'central',
    },
    {
      code: 'HN-MP-DGF',
      name: 'Dirección General de Fiscalía (Ministerio Público)',
      kind: 'supervisory',
      role: 'supervisor',
      login: 'supervisor',
    },
  ],
  SV: [
    {
      code: 'SV-FGR-DECO',
      name: 'Fiscalía General de la República, Dirección contra el Crimen Organizado',
      kind: 'prosecutor_office',
      role: 'prosecutor',
      login: 'prosecutor',
    },
    {
      code: 'SV-FGR-AI',
      name: 'Fiscalía General de la República, Oficina de Asuntos Internacionales',
      kind: 'central_authority',
      role: 'central_authority',
      login: 'central',
    },
    {
      code: 'SV-FGR-IG',
      name: 'Inspectoría General (Fiscalía General de la República)',
      kind: 'supervisory',
      role: 'supervisor',
      login: 'supervisor',
    },
  ],
};

export interface SeedOptions {
  adminEmail: string;
  /** Generated (and returned once) when absent. */
  adminPassword?: string;
  /**
   * Called with a generated password inside the seed's transaction, before the admin is committed:
   * if it throws (the password could not be kept), no admin is created.
   */
  keepGeneratedPassword?: (password: string) => Promise<void>;
  adminJurisdiction: string;
  /** Demo authorities and users; never in production. */
  demo: boolean;
}

export interface SeedResult {
  /** A generated password is never returned: only keepGeneratedPassword sees it. */
  admin: { email: string; created: boolean; passwordGenerated: boolean };
  demoLogins: { email: string; role: Role; jurisdiction: string; authority: string }[];
}

// Idempotent: safe on every start. Creates only what is missing and never resets a password.
export async function seedIdentity(dataSource: DataSource, options: SeedOptions): Promise<SeedResult> {
  const hasher = new PasswordHasher();
  const audit = new AuditWriter();
  return dataSource.transaction(async (em) => {
    // One seeder at a time (two api starts racing).
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('comity:seed-identity', 0))`);
    const platformId = await upsertAuthority(em, {
      code: 'PLATFORM',
      name: 'Comity platform administration',
      kind: 'platform',
      jurisdiction: options.adminJurisdiction,
    });
    const email = options.adminEmail.toLowerCase();
    let generatedPassword: string | null = null;
    let created = false;
    if (!(await userExists(em, email))) {
      const password = options.adminPassword ?? (generatedPassword = randomBytes(18).toString('base64url'));
      if (generatedPassword !== null) await options.keepGeneratedPassword?.(generatedPassword);
      const id = await insertUser(
        em,
        email,
        'Platform administrator',
        platformId,
        ['admin'],
        await hasher.hash(password),
      );
      await audit.append(em, {
        caseId: null,
        action: 'seed.admin.create',
        actorId: null,
        details: { userId: id, authorityId: platformId, roles: ['admin'] },
        idempotencyKey: `seed:admin:${id}`,
      });
      created = true;
    }

    const demoLogins: SeedResult['demoLogins'] = [];
    if (options.demo) {
      let demoHash: string | null = null;
      for (const [jurisdiction, authorities] of Object.entries(DEMO_AUTHORITIES)) {
        for (const a of authorities) {
          const authorityId = await upsertAuthority(em, {
            code: a.code,
            name: a.name,
            kind: a.kind,
            jurisdiction,
          });
          const login = `${a.login}.${jurisdiction.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`;
          if (!(await userExists(em, login))) {
            demoHash ??= await hasher.hash(DEMO_PASSWORD);
            const id = await insertUser(
              em,
              login,
              `Demo ${a.role.replace('_', ' ')} (${jurisdiction})`,
              authorityId,
              [a.role],
              demoHash,
            );
            await audit.append(em, {
              caseId: null,
              action: 'seed.demo_user.create',
              actorId: null,
              details: { userId: id, authorityId, roles: [a.role] },
              idempotencyKey: `seed:demo:${id}`,
            });
          }
          demoLogins.push({ email: login, role: a.role, jurisdiction, authority: a.name });
        }
      }
    }
    return { admin: { email, created, passwordGenerated: generatedPassword !== null }, demoLogins };
  });
}

async function upsertAuthority(
  em: EntityManager,
  a: { code: string; name: string; kind: AuthorityKind; jurisdiction: string },
): Promise<string> {
  await em.query(
    `INSERT INTO authorities (code, name, jurisdiction, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
    [a.code, a.name, a.jurisdiction, a.kind],
  );
  const [row]: { id: string }[] = await em.query(`SELECT id FROM authorities WHERE code = $1`, [a.code]);
  return row.id;
}

async function userExists(em: EntityManager, email: string): Promise<boolean> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM users WHERE lower(email) = $1`, [email]);
  return rows.length > 0;
}

async function insertUser(
  em: EntityManager,
  email: string,
  displayName: string,
  authorityId: string,
  roles: Role[],
  passwordHash: string,
): Promise<string> {
  const id = randomUUID();
  await em.query(
    `INSERT INTO users (id, kind, email, display_name, authority_id, roles, password_hash) VALUES ($1, 'user', $2, $3, $4, $5, $6)`,
    [id, email, displayName, authorityId, roles, passwordHash],
  );
  return id;
}

// Never prints a generated password: it goes only to the file the seed wrote (passwordFile).
export function formatSeedResult(result: SeedResult, passwordFile?: string): string {
  const lines: string[] = [];
  if (result.admin.created) {
    lines.push(`Created the first admin: ${result.admin.email}`);
    if (result.admin.passwordGenerated) {
      lines.push(
        `  Its generated password is in ${passwordFile ?? 'the file the seed was given'} (readable only by you;`,
        '  it is shown nowhere else). Change it after logging in, then delete the file.',
      );
    } else {
      lines.push('  Password: the one given in ADMIN_PASSWORD');
    }
  } else {
    lines.push(`Admin account present: ${result.admin.email}`);
  }
  if (result.demoLogins.length) {
    lines.push(
      '',
      `Demo logins (password for all: ${DEMO_PASSWORD}; demo data is never created in production):`,
    );
    const width = Math.max(...result.demoLogins.map((l) => l.email.length));
    for (const l of result.demoLogins) {
      lines.push(`  ${l.email.padEnd(width)}  ${l.role.padEnd(17)} ${l.jurisdiction}  ${l.authority}`);
    }
  }
  return lines.join('\n');
}
