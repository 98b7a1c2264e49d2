import { createHash } from 'node:crypto';
import { canonicalJson } from '@comity/audit';
import type { CertificationKind, DocumentKind, DocumentSide } from './document-kinds';

export const MANIFEST_FORMAT = 'comity-package/1';

export interface ManifestDocument {
  documentId: string;
  /** The file's path inside the package ZIP. */
  path: string;
  kind: DocumentKind;
  language: string;
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  title: string;
  translationOf: string | null;
  certifications: { kind: CertificationKind; issuedBy: string; issuedOn: string; reference: string | null }[];
}

/** What one side sent the other at one time: each document by hash, kind, language and version. */
export interface PackageManifest {
  format: typeof MANIFEST_FORMAT;
  caseId: string;
  seq: number;
  /** What carried it: the transmission of the request, or a later exchange. */
  occasion: string;
  fromSide: DocumentSide;
  fromState: string;
  toState: string;
  createdAt: string;
  /** How it travelled (at transmission: the channel the rules chose). */
  channel: string | null;
  /** The transmission's details as recorded (reference number, sent and received dates). */
  transmission: Record<string, unknown> | null;
  documents: ManifestDocument[];
}

// The manifest is hashed, stored and put in the ZIP as one exact byte string (RFC 8785 JSON), so
// anyone holding the ZIP can hash manifest.json and compare it with the audited hash.
export function manifestBytes(manifest: PackageManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

export function manifestSha256(manifest: PackageManifest): string {
  return createHash('sha256').update(manifestBytes(manifest)).digest('hex');
}

export function documentPath(index: number, documentId: string, version: number, extension: string): string {
  return `documents/${String(index + 1).padStart(3, '0')}-${documentId}-v${version}.${extension}`;
}
