import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3StoreConfig } from '@comity/config';
import { assertSha256, BlobNotFoundError, BlobStore, type StagedBlob } from './blob-store';

// 8 MiB parts: S3's multipart minimum is 5 MiB; lib-storage keeps at most queueSize parts in memory.
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

// Content in an S3-compatible bucket: staged under staging/<uuid> (a multipart upload, streamed),
// committed by a server-side copy to sha256/<hex>, so a key's content is always its hash's.
export class S3BlobStore extends BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {
    super();
  }

  static fromConfig(config: S3StoreConfig): S3BlobStore {
    const client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
    return new S3BlobStore(client, config.bucket);
  }

  async stage(source: AsyncIterable<Buffer>): Promise<StagedBlob> {
    const key = `staging/${randomUUID()}`;
    let size = 0;
    const counted = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          size += chunk.length;
          yield chunk;
        }
      })(),
    );
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: key, Body: counted },
      partSize: PART_BYTES,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      await this.delete(key).catch(() => undefined);
      throw err;
    }
    return {
      size,
      commit: (sha256) => this.commit(key, sha256),
      discard: () => this.delete(key),
    };
  }

  async open(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: blobKey(sha256) }));
      return object.Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey || err instanceof NotFound) throw new BlobNotFoundError(sha256);
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: blobKey(sha256) }));
      return true;
    } catch (err) {
      if (err instanceof NotFound || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
        return false;
      }
      throw err;
    }
  }

  private async commit(stagingKey: string, sha256: string): Promise<void> {
    assertSha256(sha256);
    if (!(await this.has(sha256))) {
      await this.s3.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: blobKey(sha256), CopySource: `${this.bucket}/${stagingKey}` }),
      );
    }
    await this.delete(stagingKey);
  }

  private async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function blobKey(sha256: string): string {
  return `sha256/${sha256}`;
}
