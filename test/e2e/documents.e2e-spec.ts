import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FULL_DRAFT, http, type Cast, type Person } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import { auditRows } from '../support/auth';
import { minimalPdf, ONE_PIXEL_PNG } from '../support/documents';
import { pdfText } from '../support/pdf-text';
import { zipEntries } from '../support/zip';

const MAX_BYTES = 2 * 1024 * 1024;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// Documents of an HN to US request, over HTTP against the real api, worker, Temporal and
// PostgreSQL: the letter in English, attachments with their custody, the translation the stage
// waits for, and the package the United States receives exactly as transmitted.
describe('documents of a case', () => {
  let platform: HnToUs | undefined;
  let ds: DataSource;
  let cast: Cast;
  let h: ReturnType<typeof http>;
  let caseId: string;
  let server: ReturnType<HnToUs['api']['getHttpServer']>;

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(MAX_BYTES);
    platform = await startHnToUs();
    ({ ds, cast, h } = platform);
    server = platform.api.getHttpServer();
    const created = await h.post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201);
    caseId = created.body.id;
  });
  afterAll(async () => {
    delete process.env.DOCUMENT_MAX_BYTES;
    await platform?.close();
  });

  function upload(p: Person, fields: Record<string, string>, file: Buffer, name = 'file.bin', path = `/cases/${caseId}/documents`) {
    const req = request(server).post(`/api/v1${path}`).set('Authorization', p.auth);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', file, { filename: name, contentType: 'application/octet-stream' });
  }

  function download(p: Person, path: string) {
    return request(server)
      .get(`/api/v1${path}`)
      .set('Authorization', p.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }

  const documentCount = async () => Number((await ds.query(`SELECT count(*) AS n FROM documents WHERE case_id = $1`, [caseId]))[0].n);
  const stagedBlobs = async () => Number((await ds.query(`SELECT count(*) AS n FROM document_blobs WHERE sha256 IS NULL`))[0].n);

  const evidence = minimalPdf('Estados de cuenta');
  let evidenceId: string;
  let internalId: string;
  let letterId: string;
  let signedId: string;

  it('should store an upload under the SHA-256 of its content, typed from the content', async () => {
    const res = await upload(cast.hnProsecutor, { kind: 'evidence', title: 'Estados de cuenta', language: 'es', shared: 'true' }, evidence, 'statement.exe').expect(201);
    evidenceId = res.body.id;
    expect(res.body).toMatchObject({
      kind: 'evidence', language: 'es', side: 'requesting', shared: true, currentVersion: 1,
      versions: [expect.objectContaining({ version: 1, sha256: sha(evidence), size: evidence.length, mediaType: 'application/pdf' })],
    });
    const got = await download(cast.hnCentral, `/cases/${caseId}/documents/${evidenceId}/content`).expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(evidence).digest('base64')}:`);
    expect(sha(got.body)).toBe(sha(evidence));

    const internal = await upload(cast.hnProsecutor, { kind: 'correspondence', title: 'Nota interna', language: 'es' }, ONE_PIXEL_PNG).expect(201);
    internalId = internal.body.id;
    expect(internal.body).toMatchObject({ shared: false, versions: [expect.objectContaining({ mediaType: 'image/png' })] });
  });

  it('should refuse unknown and dangerous types, files over the limit and bad fields, keeping nothing', async () => {
    const before = await documentCount();
    const fields = { kind: 'evidence', title: 'x', language: 'es' };
    await upload(cast.hnProsecutor, fields, randomBytes(10_000)).expect(415);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), randomBytes(4000)]);
    await upload(cast.hnProsecutor, fields, exe, 'report.pdf').expect(415);
    const big = Buffer.concat([minimalPdf('big'), randomBytes(MAX_BYTES)]);
    const tooLarge = await upload(cast.hnProsecutor, fields, big, 'big.pdf').expect(413);
    expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
    const invalid = await upload(cast.hnProsecutor, { kind: 'photo', title: 'x', language: 'spanish' }, evidence).expect(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'language']);
    await upload(cast.hnProsecutor, { kind: 'translation', title: 'x', language: 'en' }, evidence).expect(422);
    await request(server).post(`/api/v1/cases/${caseId}/documents`).set('Authorization', cast.hnProsecutor.auth).send({ kind: 'evidence' }).expect(415);
    expect(await documentCount()).toBe(before);
    expect(await stagedBlobs()).toBe(0);
  });

  it('should keep the documents from anyone who may not see the case', async () => {
    await h.get(`/cases/${caseId}/documents`, cast.hnProsecutorOtherOffice).expect(404);
    await h.get(`/cases/${caseId}/documents`, cast.usCentral).expect(404);
    await download(cast.gtCentral, `/cases/${caseId}/documents/${evidenceId}/content`).expect(404);
    await upload(cast.usCentral, { kind: 'evidence', title: 'x', language: 'en' }, evidence).expect(404);
  });

  it("should generate the letter in the requested state's language, as PDF and DOCX, versioned", async () => {
    const first = await h.post(`/cases/${caseId}/letter`, cast.hnCentral).expect(201);
    letterId = first.body.id;
    expect(first.body).toMatchObject({ kind: 'letter', language: 'en', shared: false, currentVersion: 1 });
    const second = await h.post(`/cases/${caseId}/letter`, cast.hnCentral).expect(201);
    expect(second.body).toMatchObject({ id: letterId, currentVersion: 2 });
    await h.post(`/cases/${caseId}/letter`, cast.hnCentral, { language: 'es' }).expect(422);

    const pdf = await download(cast.hnCentral, `/cases/${caseId}/documents/${letterId}/content`).expect(200);
    const text = await pdfText(pdf.body);
    expect(text).toContain('Request for mutual legal assistance in criminal matters');
    expect(text).toContain(FULL_DRAFT.factsSummary);
    expect(text).toContain('Contact point');
    const docx = await download(cast.hnCentral, `/cases/${caseId}/documents/${letterId}/letter.docx?version=1`).expect(200);
    expect(zipEntries(docx.body).get('word/document.xml')!.toString('utf8')).toContain(FULL_DRAFT.requestingAuthority);
  });

  it('should record the signing by the central authority with the signed copy and its hash', async () => {
    const signed = minimalPdf('Signed letter scan');
    const fields = { kind: 'signed_letter', title: 'Signed request letter', language: 'en', shared: 'true', signedLetterOf: letterId };
    await upload(cast.hnProsecutor, fields, signed).expect(403);
    const res = await upload(cast.hnCentral, fields, signed).expect(201);
    signedId = res.body.id;
    expect(res.body.signedLetterOf).toEqual({ documentId: letterId, version: 2 });
    const custody = await h.get(`/cases/${caseId}/documents/${signedId}/custody`, cast.hnSupervisor).expect(200);
    expect(custody.body.map((e: { action: string }) => e.action)).toEqual(['document.upload', 'document.sign']);
    expect(custody.body[1]).toMatchObject({ sha256: sha(signed), version: 1 });
    // The signing is a step on the requesting side's timeline, by the authority that signed.
    let step: { actorId: string; visibility: string; reason: string } | undefined;
    for (let i = 0; i < 100 && !step; i++) {
      const timeline = (await h.get(`/cases/${caseId}`, cast.hnCentral).expect(200)).body.timeline;
      step = timeline.find((e: { action: string }) => e.action === 'note_received');
      if (!step) await new Promise((r) => setTimeout(r, 50));
    }
    expect(step).toMatchObject({ actorId: cast.hnCentral.user.id, visibility: 'requesting', reason: `Request letter version 2 signed; signed copy SHA-256 ${sha(signed)}` });
  });

  it('should hold the translation stage until every shared document has a translation the requested state reads', async () => {
    await h.act(caseId, 'submit', cast.hnProsecutor).expect(200);
    await h.act(caseId, 'approve', cast.hnCentral).expect(200);
    const refused = await h.act(caseId, 'record_translation', cast.hnCentral).expect(422);
    expect(refused.body.errors).toEqual([{ field: `documents.${evidenceId}`, messages: ['needs a translation into en'] }]);
    expect((await h.get(`/cases/${caseId}`, cast.hnCentral).expect(200)).body.stage).toBe('translation');

    const translation = minimalPdf('Bank statements');
    await upload(cast.hnCentral, { kind: 'translation', title: 'Bank statements (EN)', language: 'en', shared: 'true', translationOf: evidenceId, translator: 'Sworn translator 17' }, translation).expect(201);
    await h.act(caseId, 'record_translation', cast.hnCentral).expect(200);
  });

  it('should freeze the shared documents at transmit and let the requested side download exactly that package', async () => {
    await h.act(caseId, 'transmit', cast.hnCentral).expect(200);
    const packages = await h.get(`/cases/${caseId}/packages`, cast.usCentral).expect(200);
    expect(packages.body).toEqual([expect.objectContaining({ seq: 1, occasion: 'transmission', fromSide: 'requesting', fromState: 'HN', toState: 'US', documents: 3 })]);
    const manifestSha256 = packages.body[0].manifestSha256;

    // The requested side sees what travelled and nothing internal.
    const seen = await h.get(`/cases/${caseId}/documents`, cast.usCentral).expect(200);
    expect(seen.body.map((d: { kind: string }) => d.kind).sort()).toEqual(['evidence', 'signed_letter', 'translation']);
    await h.get(`/cases/${caseId}/documents/${internalId}`, cast.usCentral).expect(404);
    await h.get(`/cases/${caseId}/documents/${letterId}`, cast.usCentral).expect(404);

    const zip = await download(cast.usCentral, `/cases/${caseId}/packages/1/zip`).expect(200);
    expect(zip.headers['x-manifest-sha256']).toBe(manifestSha256);
    const entries = zipEntries(zip.body);
    const manifestFile = entries.get('manifest.json')!;
    expect(sha(manifestFile)).toBe(manifestSha256);
    const manifest = JSON.parse(manifestFile.toString('utf8'));
    expect(manifest.channel).toEqual(expect.any(String));
    for (const d of manifest.documents) expect(sha(entries.get(d.path)!)).toBe(d.sha256);
    expect(manifest.documents.find((d: { documentId: string }) => d.documentId === evidenceId).sha256).toBe(sha(evidence));

    // Anyone with the audit trail finds the same hash there.
    const audited = await auditRows(ds, { caseId, action: 'document.package' });
    expect(audited).toEqual([expect.objectContaining({ details: expect.objectContaining({ manifestSha256, packageSeq: 1 }) })]);
    const trail = await h.get(`/cases/${caseId}/audit?limit=500`, cast.usCentral).expect(200);
    expect(trail.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'document.package', details: expect.objectContaining({ manifestSha256 }) })]));

    // A version made after transmission does not reach the other side until it is sent.
    await upload(cast.hnProsecutor, {}, minimalPdf('Estados de cuenta v2'), 'v2.pdf', `/cases/${caseId}/documents/${evidenceId}/versions`).expect(201);
    const theirs = await h.get(`/cases/${caseId}/documents/${evidenceId}`, cast.usCentral).expect(200);
    expect(theirs.body).toMatchObject({ currentVersion: 1, versions: [expect.objectContaining({ version: 1 })] });
  });

  it('should carry later packages both ways, each with its manifest', async () => {
    await h.act(caseId, 'acknowledge', cast.usCentral).expect(200);
    const found = minimalPdf('Bank records produced');
    const answer = await upload(cast.usCentral, { kind: 'evidence', title: 'Bank records', language: 'en', shared: 'true' }, found).expect(201);
    await upload(cast.usCentral, { kind: 'correspondence', title: 'Internal memo', language: 'en' }, ONE_PIXEL_PNG).expect(201);
    await h.post(`/cases/${caseId}/packages`, cast.usSupervisor, { occasion: 'partial_response' }).expect(403);
    const sent = await h.post(`/cases/${caseId}/packages`, cast.usCentral, { occasion: 'partial_response' }).expect(201);
    expect(sent.body.manifest).toMatchObject({ seq: 2, fromSide: 'requested', fromState: 'US', toState: 'HN', occasion: 'partial_response' });
    expect(sent.body.manifest.documents).toEqual([expect.objectContaining({ documentId: answer.body.id, sha256: sha(found) })]);
    await h.post(`/cases/${caseId}/packages`, cast.usCentral, {}).expect(409);

    const hnSees = await h.get(`/cases/${caseId}/documents`, cast.hnCentral).expect(200);
    const fromUs = hnSees.body.filter((d: { side: string }) => d.side === 'requested');
    expect(fromUs.map((d: { id: string }) => d.id)).toEqual([answer.body.id]);
    const got = await download(cast.hnProsecutor, `/cases/${caseId}/documents/${answer.body.id}/content`).expect(200);
    expect(sha(got.body)).toBe(sha(found));

    // The requesting side's new version goes in its own next package.
    const hnSent = await h.post(`/cases/${caseId}/packages`, cast.hnCentral, { occasion: 'supplementary_answer' }).expect(201);
    expect(hnSent.body.manifest.documents).toEqual([expect.objectContaining({ documentId: evidenceId, version: 2 })]);
  });

  it("should give a supervisor the document's chain of custody, each record with the hash it concerns", async () => {
    const custody = await h.get(`/cases/${caseId}/documents/${evidenceId}/custody`, cast.hnSupervisor).expect(200);
    const actions = custody.body.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['document.upload', 'document.download']);
    expect(actions).toEqual(expect.arrayContaining(['document.transmit', 'document.version']));
    expect(custody.body.filter((e: { action: string }) => e.action === 'document.transmit').map((e: { packageSeq: number }) => e.packageSeq)).toEqual([1, 3]);
    expect(custody.body[0]).toMatchObject({ version: 1, sha256: sha(evidence) });
    // The requested side's own reads of the document stay on its side.
    const usCustody = await h.get(`/cases/${caseId}/documents/${evidenceId}/custody`, cast.usSupervisor).expect(200);
    expect(usCustody.body.map((e: { action: string }) => e.action)).not.toContain('document.upload');
    await h.get(`/cases/${caseId}/documents/${evidenceId}/custody`, cast.hnProsecutor).expect(403);
  });

  it('should record an authentication or apostille on a version, and carry it in the next manifest', async () => {
    await h.post(`/cases/${caseId}/documents/${signedId}/certifications`, cast.hnCentral, { kind: 'notarised', issuedBy: 'x', issuedOn: '2026-11-01' }).expect(422);
    const res = await h
      .post(`/cases/${caseId}/documents/${signedId}/certifications`, cast.hnCentral, { kind: 'apostilled', issuedBy: 'Secretaría de Relaciones Exteriores', issuedOn: '2026-11-20', reference: 'AP-77' })
      .expect(201);
    expect(res.body.certifications).toEqual([expect.objectContaining({ version: 1, kind: 'apostilled', reference: 'AP-77' })]);
    await h.post(`/cases/${caseId}/documents/${signedId}/certifications`, cast.hnProsecutor, { kind: 'apostilled', issuedBy: 'x', issuedOn: '2026-11-20' }).expect(403);
  });
});
