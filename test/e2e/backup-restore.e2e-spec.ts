import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase } from '../../libs/persistence/src';
import { bearer, createAuthority, createUser } from '../support/auth';
import { testDatabaseUrl } from '../support/env';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import { FULL_DRAFT } from '../support/people';
import { startApi } from '../support/platform';

const ROOT = join(__dirname, '..', '..');
const script = (name: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('bash', [join(ROOT, 'scripts', name), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

// scripts/backup.sh and scripts/restore.sh on the run's database: the restored copy serves the
// api, its audit chains verify, and it holds the case as it was.
describe('backup and restore of Comity’s database', () => {
  let platform: HnToUs | undefined;
  let restoredApi: INestApplication | undefined;
  let restored: DataSource | undefined;
  const restoredUrl = testDatabaseUrl(`comity_restored_${process.pid}_${randomBytes(4).toString('hex')}`);
  const dir = mkdtempSync(join(tmpdir(), 'comity-backup-'));

  beforeAll(async () => {
    platform = await startHnToUs();
  });
  afterAll(async () => {
    await restoredApi?.close();
    await restored?.destroy();
    await platform?.close();
    await dropDatabase(restoredUrl).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('should restore a backup into a fresh database on which GET /audit/verify passes', async () => {
    const { h, cast, ds } = platform!;
    const created = await h.post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201);
    const id = created.body.id as string;
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);
    const approved = await h.act(id, 'approve', cast.hnCentral).expect(200);
    const admin = await createUser(ds, await createAuthority(ds, 'US', 'central_authority'), ['admin']);
    const adminAuth = await bearer(platform!.api, admin);
    const caseRecords = async (source: DataSource) =>
      (await source.query(`SELECT seq, hash FROM audit_records WHERE case_id = $1 ORDER BY seq`, [id])) as unknown[];
    const before = await caseRecords(ds);

    // The secret arrives as a file, as in compose and Kubernetes.
    const urlFile = join(dir, 'database-url');
    writeFileSync(urlFile, `${process.env.DATABASE_URL}\n`, { mode: 0o600 });
    const backup = script('backup.sh', [dir], { DATABASE_URL: '', DATABASE_URL_FILE: urlFile, TEMPORAL_DATABASE_URLS: '' });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    const out = backup.stdout.trim().split('\n').at(-1)!;
    expect(readFileSync(join(out, 'manifest.txt'), 'utf8')).toMatch(/^comity=comity_test_/m);

    const restore = script('restore.sh', [join(out, 'comity.dump'), restoredUrl]);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    // The case's audit chain as restored: everything recorded before the backup, and a prefix of
    // the live chain (which goes on growing).
    restored = await new DataSource(dataSourceOptions(restoredUrl)).initialize();
    const restoredRecords = await caseRecords(restored);
    expect(restoredRecords.slice(0, before.length)).toEqual(before);
    expect((await caseRecords(ds)).slice(0, restoredRecords.length)).toEqual(restoredRecords);

    // The api on the restored database.
    const runUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = restoredUrl;
    try {
      restoredApi = await startApi();
    } finally {
      process.env.DATABASE_URL = runUrl;
    }
    const verify = await request(restoredApi.getHttpServer())
      .get('/api/v1/audit/verify')
      .set('Authorization', adminAuth)
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.body.recordsChecked).toBeGreaterThan(0);
    await request(restoredApi.getHttpServer()).get('/health/ready').expect(200);
    const read = await request(restoredApi.getHttpServer())
      .get(`/api/v1/cases/${id}`)
      .set('Authorization', cast.hnCentral.auth)
      .expect(200);
    expect(read.body.stage).toBe(approved.body.stage);
  });

  it('should refuse to restore over a database that has tables, or a dump that fails its checksum', () => {
    const out = execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n').find((d) => d.startsWith('comity-'))!;
    const again = script('restore.sh', [join(dir, out, 'comity.dump'), restoredUrl]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);

    const damaged = join(dir, out, 'comity.dump');
    copyFileSync(damaged, `${damaged}.orig`);
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(damaged, bytes);
    const refused = script('restore.sh', [damaged, testDatabaseUrl('comity_never_created')]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/does not match its checksum/);
  });
});
