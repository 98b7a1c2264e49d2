import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import type { DocumentsConfig } from '@comity/config';
import { BlobStore, ContentRefusedError, ingest, MALWARE_SCANNER, type IngestedContent, type MalwareScanner } from '@comity/documents';
import { ProblemException } from '../common/problem';
import { readMultipartUpload } from './multipart-upload';

export interface ReceivedFile {
  fields: Record<string, string>;
  fileName: string | null;
  content: IngestedContent;
}

// Takes a file into the store: from a multipart request as it streams in, or from a buffer the
// api made (a generated letter), through the same checks. The fields are validated by `accept`
// before the first byte of the file is read, so a refused request stores nothing.
@Injectable()
export class ContentIntake {
  private readonly maxBytes: number;

  constructor(
    private readonly store: BlobStore,
    @Inject(MALWARE_SCANNER) private readonly scanner: MalwareScanner | null,
    config: ConfigService,
  ) {
    this.maxBytes = config.getOrThrow<DocumentsConfig>('documents').maxBytes;
  }

  async fromRequest(req: Request, accept: (fields: Record<string, string>) => Promise<void>): Promise<ReceivedFile> {
    const upload = await readMultipartUpload(req, this.maxBytes);
    try {
      await accept(upload.fields);
      const content = await this.take(upload.file);
      return { fields: upload.fields, fileName: upload.fileName, content };
    } catch (err) {
      upload.discardRest();
      throw err;
    }
  }

  fromBuffer(data: Buffer): Promise<IngestedContent> {
    return this.take(Readable.from([data]));
  }

  private async take(source: AsyncIterable<Buffer>): Promise<IngestedContent> {
    try {
      return await ingest(source, this.store, { maxBytes: this.maxBytes, scanner: this.scanner });
    } catch (err) {
      throw toProblem(err);
    }
  }
}

function toProblem(err: unknown): unknown {
  if (!(err instanceof ContentRefusedError)) {
    // The scanner or the store unreachable: nothing was kept; the client may send it again.
    if (err instanceof Error && /clamd|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/.test(`${err.message} ${(err as { code?: string }).code}`)) {
      return Object.assign(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The file could not be checked', 'Send it again later'), {
        retryAfterSeconds: 30,
      });
    }
    return err;
  }
  switch (err.reason) {
    case 'too_large':
      return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'File too large', err.message);
    case 'type_not_accepted':
      return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'File type not accepted', err.message);
    case 'empty':
    case 'malware':
      return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'File refused', err.message, [
        { field: 'file', messages: [err.message] },
      ]);
  }
}
