import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadRulesDocuments, RulesDataStore } from '../../libs/rules-store/src';
import { DocumentGate } from '../../apps/api/src/documents/document-gate';
import { isolatedDatabase } from '../support/isolated-database';

// What case actions need of the documents, on real rows and the real rules data.
describe('document gate on PostgreSQL', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  let gate: DocumentGate;

  beforeAll(async () => {
    ({ dataSource: ds, drop } = await isolatedDatabase(4));
    await loadRulesDocuments(ds);
    gate = new DocumentGate(ds, new RulesDataStore(ds));
  });
  afterAll(() => drop());

  async function newCase(kind: 'mla' | 'extradition', requested: string, draft: object = {}, requesting = 'MX'): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, last_seq, draft)
       VALUES ($1, $2, $5, $3, 'ready_to_transmit', 0, $4)`,
      [id, kind, requested, JSON.stringify({ offences: [{ description: 'Homicidio', maxPenaltyYears: 40 }], ...draft }), requesting],
    );
    return id;
  }

  async function addDocument(caseId: string, kind: string, over: { language?: string; translationOf?: string; signedLetterOf?: string; certified?: boolean } = {}) {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO documents (id, case_id, kind, title, language, side, shared, translation_of, translator, signed_letter_of,
                              signed_letter_version, created_by, created_at, current_version)
       VALUES ($1, $2, $3, 'Doc', $4, 'requesting', true, $5, $6, $7, $8, $9, now(), 1)`,
      [
        id, caseId, kind, over.language ?? 'es', over.translationOf ?? null, over.translationOf ? 'Perito' : null,
        over.signedLetterOf ?? null, over.signedLetterOf ? 1 : null, randomUUID(),
      ],
    );
    await ds.query(
      `INSERT INTO document_versions (document_id, version, sha256, size, media_type, created_by, created_at)
       VALUES ($1, 1, decode($3, 'hex'), 1, 'application/pdf', $2, now())`,
      [id, randomUUID(), randomUUID().replace(/-/g, '').repeat(2)],
    );
    if (over.certified) {
      await ds.query(
        `INSERT INTO document_certifications (id, document_id, version, kind, issued_by, issued_on, recorded_by, recorded_at)
         VALUES ($1, $2, 1, 'apostilled', 'SRE', '2026-11-01', $3, now())`,
        [randomUUID(), id, randomUUID()],
      );
    }
    return id;
  }

  it('should refuse record_translation while a shared document lacks a translation the requested state reads', async () => {
    const caseId = await newCase('mla', 'US');
    const statement = await addDocument(caseId, 'evidence', { language: 'es' });
    await addDocument(caseId, 'identification', { language: 'zxx' });
    await expect(gate.checkBeforeAction(caseId, 'record_translation')).rejects.toMatchObject({
      response: { status: 422, errors: [{ field: `documents.${statement}`, messages: ['needs a translation into en'] }] },
    });
    await addDocument(caseId, 'translation', { language: 'en', translationOf: statement });
    await expect(gate.checkBeforeAction(caseId, 'record_translation')).resolves.toBeUndefined();
  });

  it("should refuse an extradition's formal request without the documents its basis lists, and a warrant not certified", async () => {
    // HN to GT: Montevideo 1933 art. 5 (the sentence, or the warrant with the offence and the law; identification).
    const caseId = await newCase('extradition', 'GT', { requestType: 'formal' }, 'HN');
    const fields = await gate.checkBeforeAction(caseId, 'transmit').then(
      () => [],
      (e: { response: { status: number; errors: { field: string }[] } }) => e.response.errors.map((x) => x.field).sort(),
    );
    expect(fields).toEqual(['documents.identification', 'documents.judgment_or_warrant', 'documents.signed_letter']);

    await addDocument(caseId, 'judgment_or_warrant');
    await addDocument(caseId, 'identification', { language: 'zxx' });
    await addDocument(caseId, 'signed_letter', { signedLetterOf: await addDocument(caseId, 'letter') });
    await expect(gate.checkBeforeAction(caseId, 'transmit')).rejects.toMatchObject({
      response: { errors: [{ field: 'documents.judgment_or_warrant', messages: [expect.stringContaining('apostilled')] }] },
    });
    await addDocument(caseId, 'judgment_or_warrant', { certified: true });
    await expect(gate.checkBeforeAction(caseId, 'transmit')).resolves.toBeUndefined();
  });

  it('should ask only for what the bilateral treaty lists (US-MX 1978 art. 10: the sentence or the warrant)', async () => {
    const caseId = await newCase('extradition', 'US', { requestType: 'formal' });
    await expect(gate.checkBeforeAction(caseId, 'transmit')).rejects.toMatchObject({
      response: { errors: [{ field: 'documents.judgment_or_warrant', messages: [expect.any(String)] }] },
    });
    await addDocument(caseId, 'judgment_or_warrant', { certified: true });
    await expect(gate.checkBeforeAction(caseId, 'transmit')).resolves.toBeUndefined();
  });

  it('should not hold a provisional-arrest request or an MLA transmission for supporting documents', async () => {
    const provisional = await newCase('extradition', 'US', { requestType: 'provisional_arrest' });
    await expect(gate.checkBeforeAction(provisional, 'transmit')).resolves.toBeUndefined();
    await expect(gate.checkBeforeAction(provisional, 'transmit_formal_request')).rejects.toMatchObject({ response: { status: 422 } });
    const mla = await newCase('mla', 'GT');
    await expect(gate.checkBeforeAction(mla, 'transmit')).resolves.toBeUndefined();
  });
});
