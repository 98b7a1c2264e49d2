import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditVerifier, AuditWriter } from '../../libs/audit/src';
import { freezePackage, freezeTransmittedPackage, manifestBytes } from '../../libs/documents/src';
import { isolatedDatabase } from '../support/isolated-database';

// Freezing a side's shared documents into a package, on real rows.
describe('document packages on PostgreSQL', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  const audit = new AuditWriter();

  beforeAll(async () => {
    ({ dataSource: ds, drop } = await isolatedDatabase(4));
  });
  afterAll(() => drop());

  async function newCase(): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq) VALUES ($1, 'mla', 'HN', 'US', 'ready_to_transmit', 0)`,
      [id],
    );
    return id;
  }

  async function addDocument(
    caseId: string,
    over: { side?: string; shared?: boolean; kind?: string; language?: string; versions?: number } = {},
  ): Promise<{ id: string; sha256: string[] }> {
    const id = randomUUID();
    const versions = over.versions ?? 1;
    await ds.query(
      `INSERT INTO documents (id, case_id, kind, title, language, side, shared, created_by, created_at, current_version)
       VALUES ($1, $2, $3, 'Doc', $4, $5, $6, $7, now(), $8)`,
      [id, caseId, over.kind ?? 'evidence', over.language ?? 'es', over.side ?? 'requesting', over.shared ?? true, randomUUID(), versions],
    );
    const hashes: string[] = [];
    for (let v = 1; v <= versions; v++) {
      const sha = createHash('sha256').update(`${id}:${v}`).digest('hex');
      hashes.push(sha);
      await ds.query(
        `INSERT INTO document_versions (document_id, version, sha256, size, media_type, created_by, created_at)
         VALUES ($1, $2, decode($3, 'hex'), 100, 'application/pdf', $4, now())`,
        [id, v, sha, randomUUID()],
      );
    }
    return { id, sha256: hashes };
  }

  it('should freeze the current version of each shared document of the side, once, with its hash audited', async () => {
    const caseId = await newCase();
    const shared = await addDocument(caseId, { versions: 2 });
    await addDocument(caseId, { shared: false });
    await addDocument(caseId, { side: 'requested' });
    const t = {
      caseId, seq: 7, action: 'transmit', actorId: randomUUID(), at: '2026-11-28T10:00:00.000Z',
      details: { channel: 'central_authority', transmission: { referenceNumber: 'NOTE-42' } },
    };

    const first = await ds.transaction((em) => freezeTransmittedPackage(em, audit, t));
    const again = await ds.transaction((em) => freezeTransmittedPackage(em, audit, t));

    expect(again).toEqual(first);
    expect(first.seq).toBe(1);
    expect(first.manifest).toMatchObject({
      occasion: 'transmission', fromSide: 'requesting', fromState: 'HN', toState: 'US', channel: 'central_authority',
      transmission: { referenceNumber: 'NOTE-42' },
    });
    expect(first.manifest.documents).toEqual([
      expect.objectContaining({ documentId: shared.id, version: 2, sha256: shared.sha256[1], kind: 'evidence', language: 'es' }),
    ]);
    expect(createHash('sha256').update(manifestBytes(first.manifest)).digest('hex')).toBe(first.manifestSha256);
    const records: { action: string; details: Record<string, unknown> }[] = await ds.query(
      `SELECT action, details FROM audit_records WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    expect(records.map((r) => r.action)).toEqual(['document.transmit', 'document.package']);
    expect(records[0].details).toMatchObject({ documentId: shared.id, sha256: shared.sha256[1], visibility: 'shared' });
    expect(records[1].details).toMatchObject({ manifestSha256: first.manifestSha256, packageSeq: 1, visibility: 'shared' });
    expect((await new AuditVerifier(ds).verifyChains()).ok).toBe(true);
  });

  it("should freeze an extradition's formal request, sent after the arrest, as a package of its own", async () => {
    const caseId = await newCase();
    await addDocument(caseId, { kind: 'judgment_or_warrant' });
    const formal = await ds.transaction((em) =>
      freezeTransmittedPackage(em, audit, {
        caseId, seq: 9, action: 'transmit_formal_request', actorId: null, at: '2026-12-01T10:00:00.000Z',
        details: { formalRequest: { channel: 'diplomatic', referenceNumber: 'DIP-7' } },
      }),
    );
    expect(formal.manifest).toMatchObject({ occasion: 'formal_request', channel: 'diplomatic', transmission: { referenceNumber: 'DIP-7' } });
    expect(formal.manifest.documents).toHaveLength(1);
  });

  it('should send in a later package only what changed or was shared since', async () => {
    const caseId = await newCase();
    const a = await addDocument(caseId);
    const t = { caseId, seq: 3, action: 'transmit', actorId: null, at: '2026-11-28T10:00:00.000Z', details: {} };
    await ds.transaction((em) => freezeTransmittedPackage(em, audit, t));
    const b = await addDocument(caseId);

    const later = await ds.transaction((em) =>
      freezePackage(em, audit, {
        caseId, fromSide: 'requesting', occasion: 'supplementary_answer', channel: null, actorId: null,
        at: '2026-11-29T10:00:00.000Z', idempotencyKey: `${caseId}:later`,
      }),
    );

    expect(later.seq).toBe(2);
    expect(later.manifest.documents.map((d) => d.documentId)).toEqual([b.id]);
    expect(later.manifest.documents.map((d) => d.documentId)).not.toContain(a.id);
  });
});
