import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditVerifier, AuditWriter, canonicalJson, toPayload, type AuditRecordInput } from '../../libs/audit/src';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '../../libs/persistence/src';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { AuditChainHeads1764310000000 } from '../../libs/persistence/src/migrations/1764310000000-AuditChainHeads';
import { testDatabaseUrl } from '../support/env';

// The migration that moved chain heads onto rows, run over records appended the old way
// (audit_append with an advisory lock), then reverted.
// The migrations up to the one under test, and with it.
const UNDER_TEST = MIGRATIONS.indexOf(AuditChainHeads1764310000000);

describe('audit chain heads migration', () => {
  const url = testDatabaseUrl(`comity_iso_${process.pid}_${randomBytes(4).toString('hex')}`);
  let ds: DataSource;

  beforeAll(async () => {
    await ensureDatabase(url);
    const options = dataSourceOptions(url);
    ds = await new DataSource({ ...options, migrations: MIGRATIONS.slice(0, UNDER_TEST) } as typeof options).initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(url);
  });

  const record = (caseId: string | null): AuditRecordInput => ({
    caseId,
    action: 'case.submit',
    actorId: 'actor',
    details: { toStage: 'central_authority_review' },
    idempotencyKey: randomUUID(),
    occurredAt: new Date(),
  });

  // An append as the previous version of the writer made it.
  async function appendTheOldWay(r: AuditRecordInput): Promise<void> {
    const p = toPayload(r, r.occurredAt!);
    await ds.query(`SELECT * FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      p.chainKey, p.caseId, p.action, p.actorId, p.outcome, JSON.stringify(p.details), p.idempotencyKey, p.occurredAt,
      canonicalJson(p),
    ]);
  }

  it('should carry on every existing chain from its last record, and put the old function back on revert', async () => {
    const caseId = randomUUID();
    const orphan = randomUUID();
    await ds.query(
      `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq) VALUES ($1, 'mla', 'GT', 'MX', 'draft', 0)`,
      [caseId],
    );
    for (const chain of [caseId, caseId, caseId, null, null, orphan]) await appendTheOldWay(record(chain));

    const options = dataSourceOptions(url);
    const migrations = await new DataSource({ ...options, migrations: MIGRATIONS.slice(0, UNDER_TEST + 1) } as typeof options).initialize();
    try {
      await migrations.runMigrations({ transaction: 'each' });
      await checkHeadsAndCarryOn(caseId, orphan);
      await migrations.undoLastMigration({ transaction: 'each' });
    } finally {
      await migrations.destroy();
    }
    const [{ heads }] = await ds.query(`SELECT to_regclass('audit_chain_heads') AS heads`);
    expect(heads).toBeNull();
    await appendTheOldWay(record(caseId));
    const seqs = await ds.query(`SELECT seq FROM audit_records WHERE chain_key = $1 ORDER BY seq`, [caseId]);
    expect(seqs.map((r: { seq: string }) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
  });

  async function checkHeadsAndCarryOn(caseId: string, orphan: string): Promise<void> {

    const [caseHead] = await ds.query(`SELECT audit_seq FROM cases WHERE id = $1`, [caseId]);
    const heads = await ds.query(`SELECT chain_key, audit_seq FROM audit_chain_heads ORDER BY chain_key`);
    expect(caseHead.audit_seq).toBe('3');
    expect(heads).toEqual(
      [
        { chain_key: 'global', audit_seq: '2' },
        { chain_key: orphan, audit_seq: '1' },
      ].sort((a, b) => (a.chain_key < b.chain_key ? -1 : 1)),
    );
    const writer = new AuditWriter();
    const next = await ds.transaction((em) => writer.append(em, record(caseId)));
    const global = await writer.appendAlone(ds, record(null));
    expect([next.seq, global.seq]).toEqual([4, 3]);
    await expect(new AuditVerifier(ds).verifyChains()).resolves.toMatchObject({
      ok: true,
      chainsChecked: 3,
      recordsChecked: 8,
    });
  }
});
