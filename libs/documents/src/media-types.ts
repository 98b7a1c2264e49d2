// The kinds of file a request, its annexes and its evidence come as, recognised from their
// content (file-type), never from their name. Anything else, including every executable, script,
// archive and markup format (a ZIP could carry any of them), is refused.
export const ACCEPTED_MEDIA_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
} as const;

export type AcceptedMediaType = keyof typeof ACCEPTED_MEDIA_TYPES;

export const ACCEPTED_MEDIA_TYPE_LIST = Object.keys(ACCEPTED_MEDIA_TYPES) as AcceptedMediaType[];

// file-type looks at the first bytes; 64 KiB also reaches the entries of an Office file that tell
// a .docx from any other ZIP.
export const SNIFF_BYTES = 64 * 1024;

export interface DetectedType {
  mediaType: AcceptedMediaType;
  extension: string;
}

/** The accepted type of content starting with `head`, or null when it is unknown or refused. */
export async function detectMediaType(head: Buffer): Promise<{ accepted: DetectedType | null; detected: string | null }> {
  // file-type is an ES module; Node (and jest with vm modules) loads it from CommonJS.
  const { fileTypeFromBuffer } = await import('file-type');
  const type = await fileTypeFromBuffer(head);
  if (!type) return { accepted: null, detected: null };
  const accepted = type.mime in ACCEPTED_MEDIA_TYPES ? (type.mime as AcceptedMediaType) : null;
  return {
    accepted: accepted ? { mediaType: accepted, extension: ACCEPTED_MEDIA_TYPES[accepted] } : null,
    detected: type.mime,
  };
}
