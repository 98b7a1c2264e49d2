import { createHash, randomBytes } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DataSource } from 'typeorm';
import {
  BlobNotFoundError,
  BlobStore,
  ContentRefusedError,
  ingest,
  PG_CHUNK_BYTES,
  PostgresBlobStore,
  S3BlobStore,
} from '../../libs/documents/src';
import { isolatedDatabase } from '../support/isolated-database';
import { startS3, type TestS3 } from '../support/s3-server';
import { chunksOf, minimalPdf } from '../support/documents';

// One contract for every document store: the PostgreSQL store (the default) on a real database,
// the S3 store against a real S3-compatible server (s3rver) started here.

async function readAll(store: BlobStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.open(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface Harness {
  store: BlobStore;
  /** How many staged (uncommitted) copies the store holds. */
  stagedCount(): Promise<number>;
}

function blobStoreContract(name: string, setUp: () => Promise<Harness>) {
  describe(`${name} blob store`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await setUp();
    });

    it('should read back exactly what was committed when the content spans many chunks', async () => {
      const data = Buffer.concat([randomBytes(3 * PG_CHUNK_BYTES), randomBytes(12_345)]);
      const staged = await h.store.stage(chunksOf(data, 100_000));
      expect(staged.size).toBe(data.length);
      await staged.commit(sha(data));
      expect(await h.store.has(sha(data))).toBe(true);
      expect((await readAll(h.store, sha(data))).equals(data)).toBe(true);
      expect(await h.stagedCount()).toBe(0);
    });

    it('should keep one copy when the same content is committed twice', async () => {
      const data = randomBytes(50_000);
      for (let i = 0; i < 2; i++) await (await h.store.stage(chunksOf(data))).commit(sha(data));
      expect((await readAll(h.store, sha(data))).equals(data)).toBe(true);
      expect(await h.stagedCount()).toBe(0);
    });

    it('should leave nothing addressable or staged when the staged content is discarded', async () => {
      const data = randomBytes(10_000);
      await (await h.store.stage(chunksOf(data))).discard();
      expect(await h.store.has(sha(data))).toBe(false);
      await expect(h.store.open(sha(data))).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await h.stagedCount()).toBe(0);
    });

    it('should leave nothing staged when the source fails midway', async () => {
      async function* failing() {
        yield randomBytes(PG_CHUNK_BYTES + 10);
        throw new Error('client went away');
      }
      await expect(h.store.stage(failing())).rejects.toThrow('client went away');
      expect(await h.stagedCount()).toBe(0);
    });

    it('should refuse an upload over the limit, of an unknown type, or empty, and keep nothing of it', async () => {
      const pdf = minimalPdf('Contract');
      const big = Buffer.concat([pdf, randomBytes(200_000)]);
      await expect(ingest(chunksOf(big), h.store, { maxBytes: 100_000 })).rejects.toMatchObject({ reason: 'too_large' });
      await expect(ingest(chunksOf(randomBytes(5_000)), h.store, { maxBytes: 1e6 })).rejects.toMatchObject({
        reason: 'type_not_accepted',
      });
      const zip = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(2_000)]);
      await expect(ingest(chunksOf(zip), h.store, { maxBytes: 1e6 })).rejects.toBeInstanceOf(ContentRefusedError);
      await expect(ingest(chunksOf(Buffer.alloc(0)), h.store, { maxBytes: 1e6 })).rejects.toMatchObject({ reason: 'empty' });
      expect(await h.store.has(sha(big))).toBe(false);
      expect(await h.stagedCount()).toBe(0);
    });

    it('should store exactly the bytes given when the source reuses one buffer for every chunk', async () => {
      // As busboy does with data from its boundary look-behind: each chunk is overwritten by the next.
      const data = Buffer.concat([minimalPdf('Reused'), randomBytes(PG_CHUNK_BYTES + 300_000)]);
      async function* reusing() {
        const shared = Buffer.alloc(10_000);
        for (let i = 0; i < data.length; i += shared.length) {
          const n = data.copy(shared, 0, i, i + shared.length);
          yield shared.subarray(0, n);
        }
      }
      const ingested = await ingest(reusing(), h.store, { maxBytes: 1e7 });
      expect(ingested.sha256).toBe(sha(data));
      expect((await readAll(h.store, ingested.sha256)).equals(data)).toBe(true);
    });

    it('should hash, type and commit an accepted upload under its SHA-256', async () => {
      const pdf = minimalPdf(`Contract ${name}`);
      const ingested = await ingest(chunksOf(pdf, 7), h.store, { maxBytes: 1e6 });
      expect(ingested).toEqual({ sha256: sha(pdf), size: pdf.length, mediaType: 'application/pdf', extension: 'pdf' });
      expect((await readAll(h.store, ingested.sha256)).equals(pdf)).toBe(true);
    });
  });
}

let ds: DataSource;
let drop: () => Promise<void>;
let s3: TestS3;

beforeAll(async () => {
  ({ dataSource: ds, drop } = await isolatedDatabase(4));
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.close();
  await drop?.();
});

blobStoreContract('PostgreSQL', async () => ({
  store: new PostgresBlobStore(ds),
  stagedCount: async () => Number((await ds.query(`SELECT count(*) AS n FROM document_blobs WHERE sha256 IS NULL`))[0].n),
}));

blobStoreContract('S3', async () => ({
  store: new S3BlobStore(s3.client, s3.bucket),
  stagedCount: async () =>
    (await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'staging/' }))).KeyCount ?? 0,
}));
