import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../../libs/auth/src';
import { isolatedDatabase } from '../support/isolated-database';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

// Issue #11: the seed (run by `npm start` and the compose migrate service, whose output is a log)
// never prints the first admin's generated password; it writes it to a file only its owner can
// read and says where, and creates no admin when it cannot keep the password.
describe('seeding the first admin', () => {
  let ds: DataSource;
  let url: string;
  let drop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    ({ dataSource: ds, url, drop } = await isolatedDatabase(2));
    dataDir = await mkdtemp(join(tmpdir(), 'comity-seed-'));
  });
  afterAll(async () => {
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const seed = (env: Record<string, string>) => {
    const { ADMIN_PASSWORD: _given, ...inherited } = process.env;
    return run(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/seed.ts'],
      { cwd: ROOT, env: { ...inherited, DATABASE_URL: url, NODE_ENV: 'production', ...env } },
    );
  };

  it('should write a generated password to an owner-only file, print only where it is, and never again', async () => {
    const { stdout, stderr } = await seed({ ADMIN_EMAIL: 'first.admin@seed.test', COMITY_DATA_DIR: dataDir });
    const file = join(dataDir, 'admin-password');
    const password = (await readFile(file, 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(stdout).toContain('Created the first admin: first.admin@seed.test');
    expect(stdout).toContain(file);
    expect(stdout + stderr).not.toContain(password);
    const [row] = await ds.query(`SELECT password_hash FROM users WHERE email = 'first.admin@seed.test'`);
    expect(await new PasswordHasher().verify(row.password_hash, password)).toBe(true);

    // The next start finds the admin and leaves the file alone.
    const again = await seed({ ADMIN_EMAIL: 'first.admin@seed.test', COMITY_DATA_DIR: dataDir });
    expect(again.stdout).toContain('Admin account present');
    expect((await readFile(file, 'utf8')).trim()).toBe(password);
  });

  it('should create no admin when it cannot keep the generated password', async () => {
    const blocked = join(dataDir, 'not-a-directory');
    await run('touch', [blocked]);
    const failed = await seed({ ADMIN_EMAIL: 'second.admin@seed.test', COMITY_DATA_DIR: blocked }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/set ADMIN_PASSWORD.*No admin was created/s);
    const rows = await ds.query(`SELECT 1 FROM users WHERE email = 'second.admin@seed.test'`);
    expect(rows).toEqual([]);
  });
});
