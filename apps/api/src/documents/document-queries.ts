import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DocumentSide } from '@comity/documents';
import type { DocumentView, PackageSummary } from './document-view';

// A side reads all of its own documents, and of the other side's only what a package carried:
// those documents and, of each, only the versions that travelled. One SQL rule, in one place.
const VISIBLE_DOCUMENT = `(d.side = $2 OR EXISTS (SELECT 1 FROM document_package_items i WHERE i.document_id = d.id))`;
const VISIBLE_VERSION = `(d.side = $2 OR EXISTS (SELECT 1 FROM document_package_items i
                          WHERE i.document_id = v.document_id AND i.version = v.version))`;

const DOCUMENT_SELECT = `
  SELECT d.id, d.case_id, d.kind, d.title, d.language, d.side, d.shared, d.translation_of, d.translator,
         d.signed_letter_of, d.signed_letter_version, d.created_at,
         COALESCE((SELECT json_agg(json_build_object(
                     'version', v.version, 'sha256', encode(v.sha256, 'hex'), 'size', v.size, 'mediaType', v.media_type,
                     'fileName', v.file_name, 'createdAt', v.created_at, 'generated', v.letter IS NOT NULL) ORDER BY v.version)
                   FROM document_versions v WHERE v.document_id = d.id AND ${VISIBLE_VERSION}), '[]') AS versions,
         COALESCE((SELECT json_agg(json_build_object(
                     'version', c.version, 'kind', c.kind, 'issuedBy', c.issued_by, 'issuedOn', to_char(c.issued_on, 'YYYY-MM-DD'),
                     'reference', c.reference, 'recordedAt', c.recorded_at) ORDER BY c.recorded_at, c.id)
                   FROM document_certifications c JOIN document_versions v ON v.document_id = c.document_id AND v.version = c.version
                   WHERE c.document_id = d.id AND ${VISIBLE_VERSION}), '[]') AS certifications,
         ARRAY(SELECT DISTINCT i.package_seq FROM document_package_items i WHERE i.document_id = d.id ORDER BY 1) AS packages
  FROM documents d`;

interface DocumentRow {
  id: string;
  case_id: string;
  kind: DocumentView['kind'];
  title: string;
  language: string;
  side: DocumentSide;
  shared: boolean;
  translation_of: string | null;
  translator: string | null;
  signed_letter_of: string | null;
  signed_letter_version: number | null;
  created_at: Date;
  versions: (Omit<DocumentView['versions'][number], 'size'> & { size: number | string })[];
  certifications: DocumentView['certifications'];
  packages: number[];
}

@Injectable()
export class DocumentQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(caseId: string, side: DocumentSide): Promise<DocumentView[]> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `${DOCUMENT_SELECT} WHERE d.case_id = $1 AND ${VISIBLE_DOCUMENT} ORDER BY d.created_at, d.id`,
      [caseId, side],
    );
    return rows.map(toView);
  }

  /** The document as `side` may see it, or null when it does not exist for that side. */
  async get(caseId: string, side: DocumentSide, documentId: string): Promise<DocumentView | null> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `${DOCUMENT_SELECT} WHERE d.case_id = $1 AND ${VISIBLE_DOCUMENT} AND d.id = $3`,
      [caseId, side, documentId],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /** How many shared documents of `side` have a current version no package carried yet. */
  async unsent(caseId: string, side: DocumentSide): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM documents d
       WHERE d.case_id = $1 AND d.side = $2 AND d.shared
         AND NOT EXISTS (SELECT 1 FROM document_package_items i WHERE i.document_id = d.id AND i.version = d.current_version)`,
      [caseId, side],
    );
    return n;
  }

  async packages(caseId: string): Promise<PackageSummary[]> {
    const rows: {
      seq: number;
      occasion: string;
      from_side: PackageSummary['fromSide'];
      manifest: { fromState: string; toState: string; createdAt: string; documents: unknown[] };
      sha: string;
    }[] = await this.dataSource.query(
      `SELECT seq, occasion, from_side, manifest, encode(manifest_sha256, 'hex') AS sha
       FROM document_packages WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    return rows.map((r) => ({
      seq: r.seq,
      occasion: r.occasion,
      fromSide: r.from_side,
      fromState: r.manifest.fromState,
      toState: r.manifest.toState,
      createdAt: r.manifest.createdAt,
      manifestSha256: r.sha,
      documents: r.manifest.documents.length,
    }));
  }
}

function toView(r: DocumentRow): DocumentView {
  const versions = r.versions.map((v) => ({ ...v, size: Number(v.size), createdAt: new Date(v.createdAt).toISOString() }));
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    title: r.title,
    language: r.language,
    side: r.side,
    shared: r.shared,
    translationOf: r.translation_of,
    translator: r.translator,
    signedLetterOf: r.signed_letter_of ? { documentId: r.signed_letter_of, version: r.signed_letter_version! } : null,
    currentVersion: versions.at(-1)?.version ?? 0,
    versions,
    certifications: r.certifications.map((c) => ({ ...c, recordedAt: new Date(c.recordedAt).toISOString() })),
    packages: r.packages.map(Number),
    createdAt: r.created_at.toISOString(),
  };
}
