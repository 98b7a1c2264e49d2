import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import {
  AuditAnchors,
  AuditVerifier,
  AuditWriter,
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  toPayload,
  type AnchorMismatch,
  type AuditAnchor,
} from '../../libs/audit/src';
import { tamperWithAudit } from '../support/audit-tamper';
import { isolatedDatabase } from '../support/isolated-database';

// Anchors catch what verification alone cannot: a chain rewritten together with its head.
describe('audit anchors on PostgreSQL', () => {
  let ds: DataSource;
  let url: string;
  let drop: () => Promise<void>;
  let anchors: AuditAnchors;
  let verifier: AuditVerifier;
  const writer = new AuditWriter();

  beforeAll(async () => {
    ({ dataSource: ds, url, drop } = await isolatedDatabase(5));
    anchors = new AuditAnchors(ds);
    verifier = new AuditVerifier(ds);
  });
  afterAll(() => drop());

  async function caseWithRecords(n: number): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq) VALUES ($1, 'mla', 'SV', 'US', 'draft', 0)`,
      [id],
    );
    for (let i = 0; i < n; i++) await appendTo(id);
    return id;
  }
  const appendTo = (caseId: string | null) =>
    writer.appendAlone(ds, {
      caseId,
      action: 'case.submit',
      actorId: 'actor',
      details: { step: 'central_authority_review' },
      idempotencyKey: randomUUID(),
    });

  // As a superuser with the trigger off: every record of the chain re-hashed consistently with a
  // changed detail, and the head moved to match, so the chain verifies on its own.
  async function rewriteChain(caseId: string): Promise<void> {
    const rows = await ds.query(`SELECT * FROM audit_records WHERE chain_key = $1 ORDER BY seq`, [caseId]);
    const forged = `forged-${randomUUID()}`;
    await tamperWithAudit(ds, async (em) => {
      let prev: Buffer = GENESIS_HASH;
      for (const row of rows) {
        const details = { step: forged };
        const payload = toPayload(
          { caseId, action: row.action, actorId: row.actor_id, details, idempotencyKey: row.idempotency_key },
          row.occurred_at,
        );
        const hash = chainHash(prev, Number(row.seq), canonicalJson(payload));
        await em.query(`UPDATE audit_records SET details = $3, prev_hash = $4, hash = $5 WHERE chain_key = $1 AND seq = $2`, [
          caseId, row.seq, JSON.stringify(details), prev, hash,
        ]);
        prev = hash;
      }
      await em.query(`UPDATE cases SET audit_hash = $2 WHERE id = $1`, [caseId, prev]);
    });
  }

  // The chains still verify on their own; only the anchor shows the one mismatch.
  async function expectCaughtOnlyByAnchor(anchor: AuditAnchor, firstMismatch: AnchorMismatch): Promise<void> {
    await expect(verifier.verifyChains()).resolves.toMatchObject({ ok: true });
    await expect(anchors.check(anchor)).resolves.toMatchObject({ ok: false, mismatches: 1, firstMismatch });
  }

  it('should still match an anchor after the chains grew', async () => {
    const caseId = await caseWithRecords(2);
    await appendTo(null);
    const anchor = await anchors.take();
    expect(anchor.heads).toContainEqual({ chainKey: caseId, seq: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await appendTo(caseId);
    await appendTo(null);
    await expect(anchors.check(anchor)).resolves.toMatchObject({
      ok: true,
      digestValid: true,
      headsChecked: anchor.heads.length,
      mismatches: 0,
    });
  });

  it('should catch a chain rewritten together with its head, which verification alone cannot see', async () => {
    const caseId = await caseWithRecords(3);
    const anchor = await anchors.take();
    await rewriteChain(caseId);
    await expectCaughtOnlyByAnchor(anchor, { chainKey: caseId, seq: 3, reason: 'hash_differs' });
  });

  it('should catch records cut from the end when the head was moved back with them', async () => {
    const caseId = await caseWithRecords(3);
    const anchor = await anchors.take();
    const [second] = await ds.query(`SELECT prev_hash, hash FROM audit_records WHERE chain_key = $1 AND seq = 2`, [caseId]);
    await tamperWithAudit(ds, async (em) => {
      await em.query(`DELETE FROM audit_records WHERE chain_key = $1 AND seq = 3`, [caseId]);
      await em.query(`UPDATE cases SET audit_seq = 2, audit_prev_hash = $2, audit_hash = $3 WHERE id = $1`, [
        caseId, second.prev_hash, second.hash,
      ]);
    });
    await expectCaughtOnlyByAnchor(anchor, { chainKey: caseId, seq: 3, reason: 'missing' });
  });

  it('should tell an anchor edited after it was taken, and refuse one that is not an anchor', async () => {
    const anchor = await anchors.take();
    const edited = { ...anchor, takenAt: new Date(0).toISOString() };
    await expect(anchors.check(edited)).resolves.toMatchObject({ ok: false, digestValid: false });
    await expect(anchors.check({ v: 1, heads: 'x' } as unknown as AuditAnchor)).rejects.toThrow(/not an audit anchor/);
  });

  it('should take and check anchors from the command line, recording each anchor in the global chain', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/audit-anchor.ts', ...args],
        { env: { ...process.env, DATABASE_URL: url } },
      );
    const taken = await run('take');
    const anchor = JSON.parse(taken.stdout) as AuditAnchor;
    const [recorded] = await ds.query(
      `SELECT details FROM audit_records WHERE chain_key = 'global' AND action = 'audit.anchor' ORDER BY seq DESC LIMIT 1`,
    );
    expect(recorded.details).toEqual({ digest: anchor.digest, chains: anchor.heads.length });

    const file = join(await mkdtemp(join(tmpdir(), 'comity-anchor-')), 'anchor.json');
    await writeFile(file, taken.stdout);
    const clean = JSON.parse((await run('check', file)).stdout);
    expect(clean).toMatchObject({ anchor: { ok: true, headsChecked: anchor.heads.length }, chains: { ok: true } });

    const caseId = anchor.heads.find((h) => h.chainKey !== 'global')!.chainKey;
    await rewriteChain(caseId);
    const failed = await run('check', file).catch((err: { code: number; stdout: string }) => err);
    expect('code' in failed && failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).anchor).toMatchObject({ ok: false, firstMismatch: { chainKey: caseId } });
  }, 60_000);
});
