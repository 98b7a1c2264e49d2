import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { assertSha256, BlobNotFoundError, BlobStore, type StagedBlob } from './blob-store';

// 1 MiB rows: few enough round trips for a 20 MB file, small enough that neither side holds
// more than a chunk or two in memory.
export const PG_CHUNK_BYTES = 1024 * 1024;

const UNIQUE_VIOLATION = '23505';

// Content in PostgreSQL, so the embedded setup needs nothing more: a blob row (its hash once
// committed) and its content in numbered bytea chunks. Staged blobs have no hash yet; commit
// sets it, or drops the staged copy when the same content is already there.
export class PostgresBlobStore extends BlobStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async stage(source: AsyncIterable<Buffer>): Promise<StagedBlob> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO document_blobs (id, size) VALUES ($1, 0)`, [id]);
    let size = 0;
    try {
      let index = 0;
      for await (const chunk of rechunk(source, PG_CHUNK_BYTES)) {
        await this.dataSource.query(`INSERT INTO document_blob_chunks (blob_id, idx, data) VALUES ($1, $2, $3)`, [
          id,
          index++,
          chunk,
        ]);
        size += chunk.length;
      }
      await this.dataSource.query(`UPDATE document_blobs SET size = $2 WHERE id = $1`, [id, size]);
    } catch (err) {
      await this.drop(id);
      throw err;
    }
    return {
      size,
      commit: (sha256) => this.commit(id, sha256),
      discard: () => this.drop(id),
    };
  }

  async open(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    const [blob]: { id: string; chunks: number }[] = await this.dataSource.query(
      `SELECT b.id, (SELECT count(*)::int FROM document_blob_chunks c WHERE c.blob_id = b.id) AS chunks
       FROM document_blobs b WHERE b.sha256 = decode($1, 'hex')`,
      [sha256],
    );
    if (!blob) throw new BlobNotFoundError(sha256);
    const dataSource = this.dataSource;
    // One chunk per query, read only when the consumer asks for more (backpressure).
    async function* chunks() {
      for (let idx = 0; idx < blob.chunks; idx++) {
        const [row]: { data: Buffer }[] = await dataSource.query(
          `SELECT data FROM document_blob_chunks WHERE blob_id = $1 AND idx = $2`,
          [blob.id, idx],
        );
        yield row.data;
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: PG_CHUNK_BYTES });
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    const rows = await this.dataSource.query(`SELECT 1 FROM document_blobs WHERE sha256 = decode($1, 'hex')`, [sha256]);
    return rows.length > 0;
  }

  private async commit(id: string, sha256: string): Promise<void> {
    assertSha256(sha256);
    if (await this.has(sha256)) return this.drop(id);
    try {
      await this.dataSource.query(`UPDATE document_blobs SET sha256 = decode($2, 'hex') WHERE id = $1`, [id, sha256]);
    } catch (err) {
      // The same content committed by a concurrent upload a moment ago: keep that copy.
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      await this.drop(id);
    }
  }

  private async drop(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM document_blobs WHERE id = $1 AND sha256 IS NULL`, [id]);
  }
}

/** Regroups a byte stream into chunks of exactly `size` bytes (the last one shorter). */
export async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of source) {
    let chunk = piece;
    while (pendingBytes + chunk.length >= size) {
      const take = size - pendingBytes;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending, size);
      chunk = chunk.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (chunk.length) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
  }
  if (pendingBytes) yield Buffer.concat(pending, pendingBytes);
}
