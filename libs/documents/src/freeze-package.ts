import type { EntityManager } from 'typeorm';
import type { AuditWriter } from '@comity/audit';
import type { DocumentSide } from './document-kinds';
import { ACCEPTED_MEDIA_TYPES } from './media-types';
import { documentPath, MANIFEST_FORMAT, manifestSha256, type ManifestDocument, type PackageManifest } from './package-manifest';

export interface FreezeRequest {
  caseId: string;
  fromSide: DocumentSide;
  occasion: string;
  channel: string | null;
  /** The transmission's own details (reference number, dates), when it recorded any. */
  transmission?: Record<string, unknown> | null;
  actorId: string | null;
  at: string;
  /** Makes the freeze idempotent: a retry with the same key finds the package already there. */
  idempotencyKey: string;
}

export interface FrozenPackage {
  seq: number;
  manifest: PackageManifest;
  manifestSha256: string;
}

interface PendingRow {
  id: string;
  kind: ManifestDocument['kind'];
  language: string;
  title: string;
  translation_of: string | null;
  version: number;
  sha256: string;
  size: string;
  media_type: keyof typeof ACCEPTED_MEDIA_TYPES;
  certifications: ManifestDocument['certifications'];
}

// Freezes, inside the caller's transaction, what one side has shared and not yet sent: the
// current version of each of its shared documents that no earlier package carried. The package
// and its manifest are written once; the manifest's hash and each document's hash go on the
// case's audit chain, shared with both sides. Must run where the case row can be locked.
export async function freezePackage(em: EntityManager, audit: AuditWriter, request: FreezeRequest): Promise<FrozenPackage> {
  const [state]: { requesting_state: string; requested_state: string }[] = await em.query(
    `SELECT requesting_state, requested_state FROM cases WHERE id = $1 FOR UPDATE`,
    [request.caseId],
  );
  const existing: { seq: number; manifest: PackageManifest; sha: string }[] = await em.query(
    `SELECT seq, manifest, encode(manifest_sha256, 'hex') AS sha FROM document_packages WHERE idempotency_key = $1`,
    [request.idempotencyKey],
  );
  if (existing[0]) return { seq: existing[0].seq, manifest: existing[0].manifest, manifestSha256: existing[0].sha };

  const rows: PendingRow[] = await em.query(
    `SELECT d.id, d.kind, d.language, d.title, d.translation_of, v.version, encode(v.sha256, 'hex') AS sha256,
            v.size, v.media_type,
            COALESCE((SELECT json_agg(json_build_object('kind', c.kind, 'issuedBy', c.issued_by,
                                       'issuedOn', to_char(c.issued_on, 'YYYY-MM-DD'), 'reference', c.reference)
                                     ORDER BY c.recorded_at, c.id)
                      FROM document_certifications c WHERE c.document_id = d.id AND c.version = v.version), '[]') AS certifications
     FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
     WHERE d.case_id = $1 AND d.side = $2 AND d.shared
       AND NOT EXISTS (SELECT 1 FROM document_package_items i WHERE i.document_id = d.id AND i.version = v.version)
     ORDER BY d.created_at, d.id`,
    [request.caseId, request.fromSide],
  );
  const [{ next }]: { next: number }[] = await em.query(
    `SELECT COALESCE(max(seq), 0) + 1 AS next FROM document_packages WHERE case_id = $1`,
    [request.caseId],
  );
  const manifest: PackageManifest = {
    format: MANIFEST_FORMAT,
    caseId: request.caseId,
    seq: next,
    occasion: request.occasion,
    fromSide: request.fromSide,
    fromState: request.fromSide === 'requesting' ? state.requesting_state : state.requested_state,
    toState: request.fromSide === 'requesting' ? state.requested_state : state.requesting_state,
    createdAt: request.at,
    channel: request.channel,
    transmission: request.transmission ?? null,
    documents: rows.map((r, i) => ({
      documentId: r.id,
      path: documentPath(i, r.id, r.version, ACCEPTED_MEDIA_TYPES[r.media_type] ?? 'bin'),
      kind: r.kind,
      language: r.language,
      version: r.version,
      sha256: r.sha256,
      size: Number(r.size),
      mediaType: r.media_type,
      title: r.title,
      translationOf: r.translation_of,
      certifications: r.certifications,
    })),
  };
  const sha = manifestSha256(manifest);
  await em.query(
    `INSERT INTO document_packages (case_id, seq, from_side, occasion, manifest, manifest_sha256, created_by, created_at,
                                    idempotency_key)
     VALUES ($1, $2, $3, $4, $5, decode($6, 'hex'), $7, $8, $9)`,
    [
      request.caseId, next, request.fromSide, request.occasion, JSON.stringify(manifest), sha, request.actorId, request.at,
      request.idempotencyKey,
    ],
  );
  for (const d of manifest.documents) {
    await em.query(
      `INSERT INTO document_package_items (case_id, package_seq, document_id, version) VALUES ($1, $2, $3, $4)`,
      [request.caseId, next, d.documentId, d.version],
    );
    await audit.append(em, {
      caseId: request.caseId,
      action: 'document.transmit',
      actorId: request.actorId,
      details: { documentId: d.documentId, version: d.version, sha256: d.sha256, packageSeq: next, visibility: 'shared' },
      idempotencyKey: `${request.idempotencyKey}:${d.documentId}`,
      occurredAt: new Date(request.at),
    });
  }
  await audit.append(em, {
    caseId: request.caseId,
    action: 'document.package',
    actorId: request.actorId,
    details: {
      packageSeq: next,
      occasion: request.occasion,
      fromSide: request.fromSide,
      manifestSha256: sha,
      documents: manifest.documents.length,
      channel: request.channel,
      visibility: 'shared',
    },
    idempotencyKey: request.idempotencyKey,
    occurredAt: new Date(request.at),
  });
  return { seq: next, manifest, manifestSha256: sha };
}

/** The facts of a transmission the freeze needs (a case transition that sends the request). */
export interface TransmissionFacts {
  caseId: string;
  seq: number;
  action: string;
  actorId: string | null;
  at: string;
  details: Record<string, unknown>;
}

// The actions that send a request to the requested state, and what their package is called: an
// MLA request or an extradition request at `transmit`, an extradition's formal request after a
// provisional arrest at `transmit_formal_request`.
const TRANSMISSIONS: Record<string, string> = { transmit: 'transmission', transmit_formal_request: 'formal_request' };

export function isTransmission(action: string): boolean {
  return Object.hasOwn(TRANSMISSIONS, action);
}

// At transmission, in the projection's transaction: the requesting side's shared documents go
// with the request as a package, so the requested side receives exactly what was transmitted,
// with the channel details the transmission recorded.
export function freezeTransmittedPackage(em: EntityManager, audit: AuditWriter, t: TransmissionFacts): Promise<FrozenPackage> {
  const details = (t.details.transmission ?? t.details.formalRequest ?? null) as Record<string, unknown> | null;
  const channel = typeof t.details.channel === 'string' ? t.details.channel : typeof details?.channel === 'string' ? details.channel : null;
  return freezePackage(em, audit, {
    caseId: t.caseId,
    fromSide: 'requesting',
    occasion: TRANSMISSIONS[t.action] ?? 'transmission',
    channel,
    transmission: details,
    actorId: t.actorId,
    at: t.at,
    idempotencyKey: `${t.caseId}:${t.seq}:package`,
  });
}
