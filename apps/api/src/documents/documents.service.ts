import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog, AuditWriter, recordVisibility } from '@comity/audit';
import type { AuthUser } from '@comity/auth';
import { BlobStore, type DocumentKind, type IngestedContent } from '@comity/documents';
import { CaseWorkflowClient, CaseWorkflowGoneError } from '../cases/case-workflow.client';
import { ProblemException } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { ContentIntake } from './content-intake';
import { DOCUMENT_RULES, DocumentAccess, type DocumentCaller } from './document-access';
import { DocumentQueries } from './document-queries';
import type { CustodyEntry, DocumentView } from './document-view';
import type { CertificationDto } from './dto/certification.dto';
import { UploadDocumentDto } from './dto/upload-document.dto';

const validation = createValidationPipe();

export interface DocumentDownload {
  stream: Readable;
  mediaType: string;
  size: number;
  sha256: string;
  fileName: string;
}

/** One document version about to be written, with the audit record that says so. */
interface NewVersion {
  documentId: string;
  content: IngestedContent;
  fileName: string | null;
  letter?: unknown;
  action: 'document.upload' | 'document.version' | 'document.generate';
}

// Documents of a case: every write is one transaction with its audit record (the custody
// chain), every read of content is audited before the first byte leaves.
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DocumentAccess,
    private readonly queries: DocumentQueries,
    private readonly intake: ContentIntake,
    private readonly store: BlobStore,
    private readonly writer: AuditWriter,
    private readonly audit: AuditLog,
    private readonly workflows: CaseWorkflowClient,
  ) {}

  async list(user: AuthUser, caseId: string): Promise<DocumentView[]> {
    const caller = await this.access.reader(user, caseId, 'document.list');
    return this.queries.list(caseId, caller.side);
  }

  async upload(user: AuthUser, caseId: string, req: Request): Promise<DocumentView> {
    let caller: DocumentCaller = await this.access.writer(user, caseId, 'document.upload', DOCUMENT_RULES.write);
    let dto!: UploadDocumentDto;
    const received = await this.intake.fromRequest(req, async (fields) => {
      dto = (await validation.transform(fields, { type: 'body', metatype: UploadDocumentDto })) as UploadDocumentDto;
      if (dto.kind === 'signed_letter') caller = await this.access.writer(user, caseId, 'document.sign', DOCUMENT_RULES.sign);
      await this.checkLinks(caller, dto);
    });
    const id = randomUUID();
    let signed: { letterVersion: number } | null = null;
    await this.dataSource.transaction(async (em) => {
      const [letter] = dto.signedLetterOf
        ? await em.query(`SELECT current_version FROM documents WHERE id = $1`, [dto.signedLetterOf])
        : [null];
      await em.query(
        `INSERT INTO documents (id, case_id, kind, title, language, side, shared, translation_of, translator,
                                signed_letter_of, signed_letter_version, created_by, created_at, current_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), 1)`,
        [
          id, caseId, dto.kind, dto.title, dto.language, caller.side, dto.shared ?? false, dto.translationOf ?? null,
          dto.translator ?? null, dto.signedLetterOf ?? null, letter?.current_version ?? null, user.id,
        ],
      );
      await this.addVersion(em, caller, 1, { documentId: id, content: received.content, fileName: received.fileName, action: 'document.upload' });
      if (dto.signedLetterOf) {
        // Signing is recorded by the authority that signs: the signed copy's hash, against the letter version it signs.
        await this.record(em, caller, 'document.sign', {
          documentId: id, version: 1, sha256: received.content.sha256,
          letterId: dto.signedLetterOf, letterVersion: letter.current_version,
        });
        signed = { letterVersion: letter.current_version };
      }
    });
    if (signed) await this.signingStep(caller, (signed as { letterVersion: number }).letterVersion, received.content.sha256);
    return (await this.queries.get(caseId, caller.side, id))!;
  }

  async newVersion(user: AuthUser, caseId: string, documentId: string, req: Request): Promise<DocumentView> {
    const caller = await this.access.writer(user, caseId, 'document.version', DOCUMENT_RULES.write);
    await this.ownDocument(caller, documentId);
    const received = await this.intake.fromRequest(req, async (fields) => {
      const unknown = Object.keys(fields);
      if (unknown.length) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', 'only the file is sent for a new version',
          unknown.map((field) => ({ field, messages: [`property ${field} should not exist`] })));
      }
    });
    await this.dataSource.transaction((em) =>
      this.appendVersion(em, caller, { documentId, content: received.content, fileName: received.fileName, action: 'document.version' }),
    );
    return (await this.queries.get(caseId, caller.side, documentId))!;
  }

  // The signing is also a step on the case's timeline (the requesting side's, as a notice): who
  // signed which letter version, and the signed copy's hash. The audit record above is the proof;
  // a case whose workflow has ended keeps the record without the step.
  private async signingStep(caller: DocumentCaller, letterVersion: number, sha256: string): Promise<void> {
    try {
      await this.workflows.note(caller.facts.id, {
        note: `Request letter version ${letterVersion} signed; signed copy SHA-256 ${sha256}`,
        actorId: caller.user.id,
        visibility: caller.side,
      });
    } catch (err) {
      if (!(err instanceof CaseWorkflowGoneError)) throw err;
    }
  }

  /** Adds the next version of an own document (locked while it is numbered). */
  async appendVersion(em: EntityManager, caller: DocumentCaller, version: NewVersion): Promise<number> {
    const [[row]]: [{ current_version: number }[]] = await em.query(
      `UPDATE documents SET current_version = current_version + 1 WHERE id = $1 RETURNING current_version`,
      [version.documentId],
    );
    await this.addVersion(em, caller, row.current_version, version);
    return row.current_version;
  }

  async share(user: AuthUser, caseId: string, documentId: string): Promise<DocumentView> {
    const caller = await this.access.writer(user, caseId, 'document.share', DOCUMENT_RULES.write);
    const doc = await this.ownDocument(caller, documentId);
    if (!doc.shared) {
      await this.dataSource.transaction(async (em) => {
        await em.query(`UPDATE documents SET shared = true WHERE id = $1`, [documentId]);
        const current = doc.versions.at(-1)!;
        await this.record(em, caller, 'document.share', { documentId, version: current.version, sha256: current.sha256 });
      });
    }
    return (await this.queries.get(caseId, caller.side, documentId))!;
  }

  async certify(user: AuthUser, caseId: string, documentId: string, dto: CertificationDto): Promise<DocumentView> {
    const caller = await this.access.writer(user, caseId, 'document.certify', DOCUMENT_RULES.certify);
    const doc = await this.ownDocument(caller, documentId);
    const version = doc.versions.find((v) => v.version === (dto.version ?? doc.currentVersion));
    if (!version) throw fieldProblem('version', `document has no version ${dto.version}`);
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO document_certifications (id, document_id, version, kind, issued_by, issued_on, reference, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [randomUUID(), documentId, version.version, dto.kind, dto.issuedBy, dto.issuedOn, dto.reference ?? null, user.id],
      );
      await this.record(em, caller, 'document.certify', {
        documentId, version: version.version, sha256: version.sha256, certification: dto.kind,
      });
    });
    return (await this.queries.get(caseId, caller.side, documentId))!;
  }

  async view(user: AuthUser, caseId: string, documentId: string): Promise<DocumentView> {
    const caller = await this.access.reader(user, caseId, 'document.view');
    const doc = await this.visible(caller, documentId);
    const current = doc.versions.at(-1)!;
    await this.recordRead(caller, 'document.view', { documentId, version: current.version, sha256: current.sha256 });
    return doc;
  }

  async download(user: AuthUser, caseId: string, documentId: string, version?: number): Promise<DocumentDownload> {
    const caller = await this.access.reader(user, caseId, 'document.download');
    const doc = await this.visible(caller, documentId);
    const v = doc.versions.find((x) => x.version === (version ?? doc.currentVersion));
    if (!v) throw new ProblemException(HttpStatus.NOT_FOUND, 'Document version not found');
    await this.recordRead(caller, 'document.download', { documentId, version: v.version, sha256: v.sha256 });
    return {
      stream: await this.store.open(v.sha256),
      mediaType: v.mediaType,
      size: v.size,
      sha256: v.sha256,
      fileName: `${documentId}-v${v.version}`,
    };
  }

  // Every record that names the document, as the reader's side may see them (the other side's
  // own reads and downloads stay on its side); the read itself is recorded too.
  async custody(user: AuthUser, caseId: string, documentId: string): Promise<CustodyEntry[]> {
    const caller = await this.access.overseer(user, caseId, 'document.custody');
    await this.visible(caller, documentId);
    const rows: {
      seq: string; action: string; actor_id: string | null; outcome: string; occurred_at: Date;
      details: Record<string, unknown>; hash: Buffer;
    }[] = await this.dataSource.query(
      `SELECT seq, action, actor_id, outcome, occurred_at, details, hash FROM audit_records
       WHERE chain_key = $1 AND details->>'documentId' = $2 ORDER BY seq`,
      [caseId.toLowerCase(), documentId],
    );
    await this.recordRead(caller, 'document.custody.read', { documentId });
    return rows
      .filter((r) => {
        const v = recordVisibility(r.action, r.details);
        return v === 'shared' || v === caller.side;
      })
      .map((r) => ({
        seq: Number(r.seq),
        action: r.action,
        actorId: r.actor_id,
        outcome: r.outcome,
        occurredAt: r.occurred_at.toISOString(),
        version: typeof r.details.version === 'number' ? r.details.version : null,
        sha256: typeof r.details.sha256 === 'string' ? r.details.sha256 : null,
        packageSeq: typeof r.details.packageSeq === 'number' ? r.details.packageSeq : null,
        hash: r.hash.toString('hex'),
      }));
  }

  /** A document of the caller's own side, or 404 (other side's documents are read-only to it). */
  async ownDocument(caller: DocumentCaller, documentId: string, kind?: DocumentKind): Promise<DocumentView> {
    const doc = await this.visible(caller, documentId);
    if (doc.side !== caller.side || (kind && doc.kind !== kind)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'Document not found', 'no such document of your side on this case');
    }
    return doc;
  }

  private async visible(caller: DocumentCaller, documentId: string): Promise<DocumentView> {
    const doc = await this.queries.get(caller.facts.id, caller.side, documentId);
    if (!doc) throw new ProblemException(HttpStatus.NOT_FOUND, 'Document not found');
    return doc;
  }

  // A translation names a document of the case that it translates; a signed letter, a letter of the caller's side.
  private async checkLinks(caller: DocumentCaller, dto: UploadDocumentDto): Promise<void> {
    if (dto.kind !== 'translation' && dto.translationOf) throw fieldProblem('translationOf', 'only a translation names an original');
    if (dto.kind !== 'signed_letter' && dto.signedLetterOf) throw fieldProblem('signedLetterOf', 'only a signed letter names a letter');
    if (dto.translationOf) {
      const original = await this.queries.get(caller.facts.id, caller.side, dto.translationOf);
      if (!original || original.kind === 'translation') throw fieldProblem('translationOf', 'no such original document on this case');
      if (original.language === dto.language) throw fieldProblem('language', 'a translation is in another language than its original');
    }
    if (dto.signedLetterOf) {
      const letter = await this.queries.get(caller.facts.id, caller.side, dto.signedLetterOf);
      if (!letter || letter.kind !== 'letter' || letter.side !== caller.side) {
        throw fieldProblem('signedLetterOf', 'no such letter of your side on this case');
      }
    }
  }

  private async addVersion(em: EntityManager, caller: DocumentCaller, version: number, v: NewVersion): Promise<void> {
    await em.query(
      `INSERT INTO document_versions (document_id, version, sha256, size, media_type, file_name, letter, created_by, created_at)
       VALUES ($1, $2, decode($3, 'hex'), $4, $5, $6, $7, $8, now())`,
      [
        v.documentId, version, v.content.sha256, v.content.size, v.content.mediaType, v.fileName,
        v.letter === undefined ? null : JSON.stringify(v.letter), caller.user.id,
      ],
    );
    await this.record(em, caller, v.action, {
      documentId: v.documentId, version, sha256: v.content.sha256, size: v.content.size, mediaType: v.content.mediaType,
    });
  }

  // Custody records stay on the actor's side; what crosses the border (packages) is recorded when it crosses.
  private async record(em: EntityManager, caller: DocumentCaller, action: string, details: Record<string, unknown>) {
    await this.writer.append(em, {
      caseId: caller.facts.id,
      action,
      actorId: caller.user.id,
      details: { ...details, visibility: this.access.visibility(caller) },
      idempotencyKey: `event:${randomUUID()}`,
    });
  }

  async recordRead(caller: DocumentCaller, action: string, details: Record<string, unknown>) {
    await this.audit.record({
      caseId: caller.facts.id,
      action,
      actorId: caller.user.id,
      details: { ...details, visibility: this.access.visibility(caller) },
    });
  }
}

function fieldProblem(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `${field}: ${message}`, [{ field, messages: [message] }]);
}
