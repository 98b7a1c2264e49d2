import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditWriter } from '@comity/audit';
import type { AuthUser } from '@comity/auth';
import { BlobStore, freezePackage, manifestBytes, type PackageManifest } from '@comity/documents';
import { ProblemException } from '../common/problem';
import { DOCUMENT_RULES, DocumentAccess } from './document-access';
import { DocumentQueries } from './document-queries';
import type { PackageSummary } from './document-view';
import { DocumentsService } from './documents.service';
import type { LaterPackageOccasion } from './dto/package.dto';

export const MANIFEST_FILE = 'manifest.json';

export interface PackageView {
  seq: number;
  manifestSha256: string;
  manifest: PackageManifest;
}

// Packages: what one side sent the other, frozen with a manifest whose hash is on the audit
// chain. The first goes with the request at transmission (frozen by the projection); later ones,
// in either direction, are sent here. Both sides read every package of a case they see.
@Injectable()
export class PackagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DocumentAccess,
    private readonly queries: DocumentQueries,
    private readonly documents: DocumentsService,
    private readonly store: BlobStore,
    private readonly writer: AuditWriter,
  ) {}

  async list(user: AuthUser, caseId: string): Promise<PackageSummary[]> {
    await this.access.reader(user, caseId, 'package.list');
    return this.queries.packages(caseId);
  }

  async get(user: AuthUser, caseId: string, seq: number): Promise<PackageView> {
    await this.access.reader(user, caseId, 'package.view');
    return this.package(caseId, seq);
  }

  // After transmission, a central authority sends what its side has shared since (answers to
  // questions, responses, evidence); before it, the request's own documents go with `transmit`.
  async send(user: AuthUser, caseId: string, occasion: LaterPackageOccasion): Promise<PackageView> {
    const caller = await this.access.writer(user, caseId, 'package.send', DOCUMENT_RULES.send);
    if (!caller.facts.transmittedAt) {
      throw new ProblemException(HttpStatus.CONFLICT, 'Not transmitted yet', 'the first package goes with the request when it is transmitted');
    }
    if ((await this.queries.unsent(caseId, caller.side)) === 0) {
      throw new ProblemException(HttpStatus.CONFLICT, 'Nothing to send', 'share a document, or a new version of a shared one, first');
    }
    const frozen = await this.dataSource.transaction((em) =>
      freezePackage(em, this.writer, {
        caseId,
        fromSide: caller.side,
        occasion,
        channel: null,
        actorId: user.id,
        at: new Date().toISOString(),
        idempotencyKey: `${caseId}:package:${randomUUID()}`,
      }),
    );
    return { seq: frozen.seq, manifestSha256: frozen.manifestSha256, manifest: frozen.manifest };
  }

  // The package as a ZIP: manifest.json (the exact bytes whose SHA-256 is audited) and each
  // document as it was frozen, streamed from the store one after the other.
  async zip(user: AuthUser, caseId: string, seq: number): Promise<{ stream: Readable; manifestSha256: string; fileName: string }> {
    const caller = await this.access.reader(user, caseId, 'package.download');
    const pkg = await this.package(caseId, seq);
    await this.documents.recordRead(caller, 'package.download', { packageSeq: seq, manifestSha256: pkg.manifestSha256 });
    const zip = new ZipFile();
    const mtime = new Date(pkg.manifest.createdAt);
    zip.addBuffer(manifestBytes(pkg.manifest), MANIFEST_FILE, { mtime, compress: false });
    for (const d of pkg.manifest.documents) {
      zip.addReadStreamLazy(d.path, { mtime, compress: false, size: d.size }, (cb) => {
        this.store.open(d.sha256).then(
          (stream) => cb(null, stream),
          (err: unknown) => cb(err, undefined as never),
        );
      });
    }
    zip.end();
    return { stream: zip.outputStream as Readable, manifestSha256: pkg.manifestSha256, fileName: `package-${caseId}-${seq}.zip` };
  }

  private async package(caseId: string, seq: number): Promise<PackageView> {
    const [row]: { manifest: PackageManifest; sha: string }[] = await this.dataSource.query(
      `SELECT manifest, encode(manifest_sha256, 'hex') AS sha FROM document_packages WHERE case_id = $1 AND seq = $2`,
      [caseId, seq],
    );
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'Package not found');
    return { seq, manifestSha256: row.sha, manifest: row.manifest };
  }
}
