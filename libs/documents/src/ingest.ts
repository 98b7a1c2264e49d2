import { createHash } from 'node:crypto';
import type { BlobStore } from './storage/blob-store';
import type { MalwareScanner, ScanSession } from './clamd-scanner';
import { detectMediaType, SNIFF_BYTES, type DetectedType } from './media-types';

export interface IngestedContent extends DetectedType {
  sha256: string;
  size: number;
}

/** Why an upload was refused; nothing of it is kept. */
export class ContentRefusedError extends Error {
  constructor(
    readonly reason: 'too_large' | 'empty' | 'type_not_accepted' | 'malware',
    message: string,
  ) {
    super(message);
    this.name = 'ContentRefusedError';
  }
}

export interface IngestOptions {
  maxBytes: number;
  scanner?: MalwareScanner | null;
}

// The one way content enters a store: streamed through, never held whole. On the way it is
// counted against the size limit, hashed (SHA-256), typed from its first bytes (refused as soon
// as they show a type that is not accepted) and, when a scanner is configured, fed to it; it
// becomes addressable under its hash only once all of that has passed.
export async function ingest(source: AsyncIterable<Buffer>, store: BlobStore, options: IngestOptions): Promise<IngestedContent> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let type: DetectedType | null = null;
  const scan: ScanSession | null = options.scanner ? await options.scanner.start() : null;

  const checkType = async () => {
    const found = await detectMediaType(Buffer.concat(head, headBytes));
    if (!found.accepted) {
      throw new ContentRefusedError(
        'type_not_accepted',
        found.detected ? `files of type ${found.detected} are not accepted` : 'the type of this file is not recognised',
      );
    }
    type = found.accepted;
  };

  async function* inspected(): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      // A copy we own: a multipart parser may hand out views of a buffer it reuses (busboy does, for
      // data that sat in its boundary look-behind), and stores keep chunks until a part is full.
      const chunk = Buffer.from(piece);
      size += chunk.length;
      if (size > options.maxBytes) {
        throw new ContentRefusedError('too_large', `the file is larger than ${options.maxBytes} bytes`);
      }
      hash.update(chunk);
      if (!type && headBytes < SNIFF_BYTES) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= SNIFF_BYTES) await checkType();
      }
      if (scan) await scan.write(chunk);
      yield chunk;
    }
    if (size === 0) throw new ContentRefusedError('empty', 'the file is empty');
    if (!type) await checkType();
  }

  let staged;
  try {
    staged = await store.stage(inspected());
  } catch (err) {
    scan?.abort();
    throw err;
  }
  try {
    const verdict = scan ? await scan.finish() : { clean: true as const };
    if (!verdict.clean) throw new ContentRefusedError('malware', `the file carries malware (${verdict.signature})`);
    const sha256 = hash.digest('hex');
    await staged.commit(sha256);
    return { sha256, size, ...type! };
  } catch (err) {
    await staged.discard();
    throw err;
  }
}
