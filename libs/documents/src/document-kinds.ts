export const DOCUMENT_KINDS = [
  'letter',
  'signed_letter',
  'evidence',
  'judgment_or_warrant',
  'identification',
  'translation',
  'certification',
  'correspondence',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const CERTIFICATION_KINDS = ['authenticated', 'apostilled'] as const;
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];

export type DocumentSide = 'requesting' | 'requested';

/** ISO 639-1 code, or "zxx" for content with no words to translate (a photograph, a fingerprint card). */
export const LANGUAGE_CODE = /^([a-z]{2}|zxx)$/;
export const NO_LINGUISTIC_CONTENT = 'zxx';
