import type { Readable } from 'node:stream';

// Where document content lives, addressed by its SHA-256. Content goes in as a stream to a
// staging place and becomes addressable only once the caller, having hashed, typed and scanned
// it on the way in, commits it under its hash; a refused upload is discarded and leaves nothing.
// Nothing is ever deleted once committed: documents are evidence.

/** Content written to staging, not yet addressable. */
export interface StagedBlob {
  readonly size: number;
  /** Makes the content readable under `sha256` (hex); content already there is kept as it is. */
  commit(sha256: string): Promise<void>;
  /** Drops the staged content. */
  discard(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(sha256: string) {
    super(`no content with SHA-256 ${sha256}`);
    this.name = 'BlobNotFoundError';
  }
}

export abstract class BlobStore {
  /** Streams `source` into staging; if `source` fails, nothing is left behind and the error is rethrown. */
  abstract stage(source: AsyncIterable<Buffer>): Promise<StagedBlob>;
  /** The content committed under `sha256`, as a stream; BlobNotFoundError when there is none. */
  abstract open(sha256: string): Promise<Readable>;
  abstract has(sha256: string): Promise<boolean>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 in lowercase hex');
}
