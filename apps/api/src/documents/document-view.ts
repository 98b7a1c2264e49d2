import type { CertificationKind, DocumentKind, DocumentSide, PackageManifest } from '@comity/documents';

export interface DocumentVersionView {
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string | null;
  createdAt: string;
  /** True for a letter the platform generated (its DOCX can be rendered again). */
  generated: boolean;
}

export interface CertificationView {
  version: number;
  kind: CertificationKind;
  issuedBy: string;
  issuedOn: string;
  reference: string | null;
  recordedAt: string;
}

export interface DocumentView {
  id: string;
  caseId: string;
  kind: DocumentKind;
  title: string;
  language: string;
  /** Whose document it is: the side that uploaded it. */
  side: DocumentSide;
  /** Marked to go to the other state in the next package. */
  shared: boolean;
  translationOf: string | null;
  translator: string | null;
  signedLetterOf: { documentId: string; version: number } | null;
  /** The latest version the reader may see. */
  currentVersion: number;
  versions: DocumentVersionView[];
  certifications: CertificationView[];
  /** The packages that carried a version of it. */
  packages: number[];
  createdAt: string;
}

/** A package as listed: its manifest's header, the manifest's hash and how many documents it carried. */
export type PackageSummary = Pick<PackageManifest, 'seq' | 'occasion' | 'fromSide' | 'fromState' | 'toState' | 'createdAt'> & {
  manifestSha256: string;
  documents: number;
};

export interface CustodyEntry {
  seq: number;
  action: string;
  actorId: string | null;
  outcome: string;
  occurredAt: string;
  version: number | null;
  sha256: string | null;
  packageSeq: number | null;
  hash: string;
}
