import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditReader, AuditVerifier, AuditWriter, type AuditRecordInput } from '../../libs/audit/src';
import { tamperWithAudit } from '../support/audit-tamper';
import { isolatedDatabase } from '../support/isolated-database';

describe('audit chain on PostgreSQL', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  const writer = new AuditWriter();
  let verifier: AuditVerifier;
  let reader: AuditReader;

  beforeAll(async () => {
    ({ dataSource: ds, drop } = await isolatedDatabase(20));
    verifier = new AuditVerifier(ds);
    reader = new AuditReader(ds);
  });
  afterAll(() => drop());

  const record = (
    caseId: string | null,
    key: string = randomUUID(),
    over: Partial<AuditRecordInput> = {},
  ): AuditRecordInput => ({
    caseId,
    action: 'case.submit',
    actorId: randomUUID(),
    details: { fromStage: 'draft', toStage: 'central_authority_review', seq: 1 },
    idempotencyKey: key,
    ...over,
  });
  const append = (r: AuditRecordInput) => ds.transaction((em) => writer.append(em, r));
  // A case row: a case's chain keeps its head there.
  const newCase = async (): Promise<string> => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq) VALUES ($1, 'mla', 'MX', 'US', 'draft', 0)`,
      [id],
    );
    return id;
  };
  const seqs = async (chainKey: string) =>
    (await ds.query(`SELECT seq FROM audit_records WHERE chain_key = $1 ORDER BY seq`, [chainKey])).map(
      (r: { seq: string }) => Number(r.seq),
    );

  it('should number each chain from 1 and link every record to its predecessor', async () => {
    const caseId = await newCase();
    const a = await append(record(caseId));
    const b = await append(record(caseId));
    const g = await append(record(null));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(g.chainKey).toBe('global');
    const [second] = await ds.query(`SELECT prev_hash FROM audit_records WHERE chain_key = $1 AND seq = 2`, [
      caseId,
    ]);
    expect(second.prev_hash.equals(a.hash)).toBe(true);
    await expect(verifier.verifyChains()).resolves.toMatchObject({ ok: true, firstBroken: null });
  });

  it('should append nothing when a retried projection repeats its idempotency key', async () => {
    const caseId = await newCase();
    const first = await append(record(caseId, `${caseId}:0`));
    const retry = await append(record(caseId, `${caseId}:0`));
    expect(first.inserted).toBe(true);
    expect(retry).toMatchObject({ inserted: false, seq: first.seq });
    expect(retry.hash.equals(first.hash)).toBe(true);
    expect(await seqs(caseId)).toEqual([1]);
  });

  it('should roll the record back with the transaction that wrote it, leaving no gap', async () => {
    const caseId = await newCase();
    await append(record(caseId));
    await expect(
      ds.transaction(async (em) => {
        await writer.append(em, record(caseId));
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    await append(record(caseId));
    expect(await seqs(caseId)).toEqual([1, 2]);
    await expect(verifier.verifyChains()).resolves.toMatchObject({ ok: true });
  });

  it('should keep a single valid chain when many transactions append to one case at once', async () => {
    const caseId = await newCase();
    const otherCase = await newCase();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ds.transaction(async (em) => {
          const r = await writer.append(em, record(i % 4 === 0 ? otherCase : caseId, `${caseId}:${i}`));
          // Hold the transaction open a little so appends really overlap.
          await em.query('SELECT pg_sleep(0.005)');
          return r;
        }),
      ),
    );
    expect(results.every((r) => r.inserted)).toBe(true);
    expect(await seqs(caseId)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await seqs(otherCase)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const report = await verifier.verifyChains();
    expect(report).toMatchObject({ ok: true, brokenChains: 0 });
  });

  it('should append with a projection statement in one trip, and only once when the projection is retried', async () => {
    const caseId = await newCase();
    await ds.query(`CREATE TABLE IF NOT EXISTS bench_steps (case_id uuid, seq int, PRIMARY KEY (case_id, seq))`);
    const project = () =>
      ds.transaction((em) =>
        writer.appendWith(
          em,
          {
            sql: `INSERT INTO bench_steps (case_id, seq) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING seq`,
            params: [caseId, 0],
          },
          record(caseId, `${caseId}:0`),
        ),
      );
    const first = await project();
    const retry = await project();
    expect(first).toMatchObject({ written: 1, audit: { seq: 1, inserted: true } });
    expect(retry).toMatchObject({ written: 0, audit: { seq: 1, inserted: false } });
    expect(await seqs(caseId)).toEqual([1]);
    // The statement and the record commit or roll back together.
    await expect(
      ds.transaction(async (em) => {
        await writer.appendWith(
          em,
          { sql: `INSERT INTO bench_steps (case_id, seq) VALUES ($1, 1) RETURNING seq`, params: [caseId] },
          record(caseId, `${caseId}:1`),
        );
        throw new Error('projection failed');
      }),
    ).rejects.toThrow('projection failed');
    expect(await seqs(caseId)).toEqual([1]);
    expect(await ds.query(`SELECT seq FROM bench_steps WHERE case_id = $1`, [caseId])).toEqual([{ seq: 0 }]);
  });

  it('should chain standalone records (one statement each) with transactional appends running at once', async () => {
    const caseId = await newCase();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? writer.appendAlone(ds, record(caseId))
          : ds.transaction(async (em) => {
              await writer.append(em, record(caseId));
              await em.query('SELECT pg_sleep(0.005)');
            }),
      ),
    );
    expect(await seqs(caseId)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await expect(verifier.verifyChains()).resolves.toMatchObject({ ok: true });
  });

  it('should keep the global chain whole under standalone and transactional appends at once', async () => {
    const before = (await seqs('global')).length;
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2 === 0 ? writer.appendAlone(ds, record(null)) : append(record(null)),
      ),
    );
    expect(await seqs('global')).toEqual(Array.from({ length: before + 16 }, (_, i) => i + 1));
    const [head] = await ds.query(`SELECT audit_seq FROM audit_chain_heads WHERE chain_key = 'global'`);
    expect(Number(head.audit_seq)).toBe(before + 16);
    await expect(verifier.verifyChains()).resolves.toMatchObject({ ok: true });
  });

  it('should refuse to append to the chain of a case that does not exist, and write nothing', async () => {
    const ghost = randomUUID();
    await expect(append(record(ghost))).rejects.toThrow(`audit: chain ${ghost} has no head to append to`);
    await expect(writer.appendAlone(ds, record(ghost))).rejects.toThrow(/has no head/);
    expect(await seqs(ghost)).toEqual([]);
  });

  it("should append with the caller's case update in one statement, and on its own when the update does not apply", async () => {
    const caseId = await newCase();
    const advance = (seq: number) =>
      ds.transaction((em) =>
        writer.appendWithCaseUpdate(
          em,
          { set: 'last_seq = $1', where: 'last_seq < $1', params: [seq] },
          { ...record(caseId, `${caseId}:${seq}`), caseId },
        ),
      );
    const moved = await advance(2);
    const late = await advance(1);
    expect(moved).toMatchObject({ updated: true, audit: { seq: 1, inserted: true } });
    expect(late).toMatchObject({ updated: false, audit: { seq: 2, inserted: true } });
    const [row] = await ds.query(`SELECT last_seq, audit_seq, audit_hash FROM cases WHERE id = $1`, [caseId]);
    expect(row).toMatchObject({ last_seq: 2, audit_seq: '2' });
    expect(row.audit_hash.equals(late.audit.hash)).toBe(true);
    expect(await seqs(caseId)).toEqual([1, 2]);
    await expect(verifier.verifyChains()).resolves.toMatchObject({ ok: true });
  });

  it('should refuse a second record with the same key when both are appended at once, keeping one chain', async () => {
    const caseId = await newCase();
    const results = await Promise.allSettled(
      [0, 1].map(() =>
        ds.transaction(async (em) => {
          await writer.append(em, record(caseId, `${caseId}:same`));
          await em.query('SELECT pg_sleep(0.05)');
        }),
      ),
    );
    // Either the second saw the first committed (a no-op) or it failed on the key; never two records.
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    expect(await seqs(caseId)).toEqual([1]);
    const [head] = await ds.query(`SELECT audit_seq FROM cases WHERE id = $1`, [caseId]);
    expect(head.audit_seq).toBe('1');
  });

  it('should refuse to append outside a transaction', async () => {
    await expect(writer.append(ds.manager, record(null))).rejects.toThrow(/inside a transaction/);
  });

  it('should refuse details that carry personal data', async () => {
    await expect(
      append(record(null, undefined, { details: { email: 'someone@example.org' } })),
    ).rejects.toThrow(/personal data/);
  });

  it('should refuse UPDATE, DELETE and TRUNCATE even for the superuser', async () => {
    const caseId = await newCase();
    await append(record(caseId));
    await expect(
      ds.query(`UPDATE audit_records SET action = 'x' WHERE chain_key = $1`, [caseId]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(ds.query(`DELETE FROM audit_records WHERE chain_key = $1`, [caseId])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(ds.query(`TRUNCATE audit_records`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await seqs(caseId)).toEqual([1]);
  });

  it('should let the application role read and append but not update or delete', async () => {
    const caseId = await newCase();
    await ds.transaction(async (em) => {
      await em.query('SET LOCAL ROLE comity_app');
      await writer.append(em, record(caseId));
      await writer.append(em, record(null));
      const rows = await em.query(`SELECT count(*)::int AS n FROM audit_records WHERE chain_key = $1`, [
        caseId,
      ]);
      expect(rows[0].n).toBe(1);
    });
    for (const sql of [
      `UPDATE audit_records SET action = 'x' WHERE chain_key = '${caseId}'`,
      `DELETE FROM audit_records WHERE chain_key = '${caseId}'`,
    ]) {
      await expect(
        ds.transaction(async (em) => {
          await em.query('SET LOCAL ROLE comity_app');
          await em.query(sql);
        }),
      ).rejects.toThrow(/permission denied for table audit_records/);
    }
    const [grants] = await ds.query(
      `SELECT has_table_privilege('comity_app', 'audit_records', 'UPDATE') AS upd,
              has_table_privilege('comity_app', 'audit_records', 'DELETE') AS del,
              has_table_privilege('comity_app', 'audit_records', 'INSERT') AS ins,
              has_table_privilege('comity_app', 'cases', 'UPDATE') AS cases_upd,
              has_table_privilege('comity_app', 'audit_chain_heads', 'UPDATE') AS heads_upd,
              has_table_privilege('comity_app', 'audit_chain_heads', 'DELETE') AS heads_del`,
    );
    expect(grants).toEqual({ upd: false, del: false, ins: true, cases_upd: true, heads_upd: true, heads_del: false });
  });

  it("should page through a case's history in order", async () => {
    const caseId = await newCase();
    for (let i = 0; i < 5; i++) await append(record(caseId, undefined, { details: { seq: i } }));
    const first = await reader.caseHistory(caseId, { limit: 3 });
    expect(first.items.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.nextAfterSeq).toBe(3);
    const rest = await reader.caseHistory(caseId, { afterSeq: 3, limit: 3 });
    expect(rest.items.map((e) => ('details' in e ? e.details.seq : null))).toEqual([3, 4]);
    expect(rest.nextAfterSeq).toBeNull();
  });

  // Tampering goes last: it breaks chains in this (private) database on purpose.
  describe('tampering, as a superuser with the trigger disabled', () => {
    const tamper = (sql: string, params: unknown[]) => tamperWithAudit(ds, (em) => em.query(sql, params));

    it('should report a changed record as the first broken link', async () => {
      const caseId = await newCase();
      for (let i = 0; i < 4; i++) await append(record(caseId));
      await tamper(
        `UPDATE audit_records SET details = '{"toStage":"closed"}' WHERE chain_key = $1 AND seq = 2`,
        [caseId],
      );
      const report = await verifier.verifyChains();
      expect(report.ok).toBe(false);
      expect(report.brokenChains).toBe(1);
      expect(report.firstBroken).toEqual({ chainKey: caseId, caseId, seq: 2, reason: 'hash_mismatch' });
    });

    it('should catch a changed record whose own hash was recomputed, at the next link', async () => {
      const caseId = await newCase();
      for (let i = 0; i < 3; i++) await append(record(caseId));
      // Forge record 2 consistently with itself: new actor, hash recomputed the way the writer does.
      const [row] = await ds.query(`SELECT * FROM audit_records WHERE chain_key = $1 AND seq = 2`, [caseId]);
      const { toPayload, canonicalJson, chainHash } = await import('../../libs/audit/src');
      const forged = toPayload(
        {
          caseId,
          action: row.action,
          actorId: 'forged-actor',
          outcome: row.outcome,
          details: row.details,
          idempotencyKey: row.idempotency_key,
        },
        row.occurred_at,
      );
      const hash = chainHash(row.prev_hash, 2, canonicalJson(forged));
      await tamper(
        `UPDATE audit_records SET actor_id = 'forged-actor', hash = $2 WHERE chain_key = $1 AND seq = 2`,
        [caseId, hash],
      );
      expect(await brokenLinkOf(caseId)).toEqual({ seq: 3, reason: 'prev_hash_mismatch' });
    });

    it('should report a deleted record as a gap', async () => {
      const caseId = await newCase();
      for (let i = 0; i < 3; i++) await append(record(caseId));
      await tamper(`DELETE FROM audit_records WHERE chain_key = $1 AND seq = 2`, [caseId]);
      expect(await brokenLinkOf(caseId)).toEqual({ seq: 3, reason: 'seq_gap' });
    });

    it('should report records cut from the end of a chain, which leave no gap, against its head', async () => {
      const caseId = await newCase();
      for (let i = 0; i < 3; i++) await append(record(caseId));
      await tamper(`DELETE FROM audit_records WHERE chain_key = $1 AND seq = 3`, [caseId]);
      expect(await brokenLinkOf(caseId)).toEqual({ seq: 3, reason: 'head_mismatch' });
    });

    it('should report a chain head moved by hand (the application role may update case rows)', async () => {
      const caseId = await newCase();
      for (let i = 0; i < 2; i++) await append(record(caseId));
      await ds.query(`UPDATE cases SET audit_seq = 1 WHERE id = $1`, [caseId]);
      expect(await brokenLinkOf(caseId)).toEqual({ seq: 2, reason: 'head_mismatch' });
    });

    it('should leave chains outside a scope unread', async () => {
      const visible = await newCase();
      await append(record(visible));
      const report = await verifier.verifyChains({ caseFilter: { sql: `c.id = $1`, params: [visible] } });
      // Chains broken by the tests above are out of scope: only this case and the global chain are read.
      expect(report).toMatchObject({ ok: true, chainsChecked: 2 });
    });

    // The verifier's answer for one chain, through a scope that selects just that case.
    async function brokenLinkOf(caseId: string): Promise<{ seq: number; reason: string } | null> {
      const report = await verifier.verifyChains({ caseFilter: { sql: `c.id = $1`, params: [caseId] } });
      const broken = report.firstBroken;
      return broken && broken.chainKey === caseId ? { seq: broken.seq, reason: broken.reason } : null;
    }
  });
});
