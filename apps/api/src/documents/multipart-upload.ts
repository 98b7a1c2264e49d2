import { HttpStatus } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { ProblemException } from '../common/problem';

/** A multipart upload as it arrives: its text fields, then its one file as a stream. */
export interface MultipartUpload {
  fields: Record<string, string>;
  file: Readable;
  fileName: string | null;
  /** Stops reading the request (after a refusal) and throws away whatever is left of it. */
  discardRest(): void;
}

const FILE_FIELD = 'file';
// Metadata fields are short (kind, language, title, translator…); 4 KiB each is ample.
const FIELD_BYTES = 4096;

// Parses multipart/form-data without holding the file: resolves as soon as the `file` part
// starts, with the fields sent before it (clients must send the fields first). The file stream is
// then read by whoever stores it, at its pace. `maxBytes` bounds the file; the ingest pipeline
// refuses it with 413 on the byte past the limit.
export function readMultipartUpload(req: Request, maxBytes: number): Promise<MultipartUpload> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Unsupported content type', 'send multipart/form-data');
  }
  const declared = Number(req.headers['content-length']);
  // A declared length far past the limit is refused before reading a byte (64 KiB for the fields).
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    req.resume();
    throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, 'File too large', `the limit is ${maxBytes} bytes`);
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fields: 20, fieldSize: FIELD_BYTES, files: 1, parts: 21, fileSize: maxBytes + 1 },
      });
    } catch {
      reject(new ProblemException(HttpStatus.BAD_REQUEST, 'Malformed upload', 'the multipart boundary is missing'));
      return;
    }
    const fields: Record<string, string> = {};
    let started = false;
    const discardRest = () => {
      req.unpipe(parser);
      req.resume();
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        reject(fieldProblem(name, `at most ${FIELD_BYTES} bytes`));
        return;
      }
      fields[name] = value;
    });
    parser.on('file', (name, file, info) => {
      if (name !== FILE_FIELD || started) {
        file.resume();
        return;
      }
      started = true;
      resolve({ fields, file, fileName: info.filename ?? null, discardRest });
    });
    parser.on('error', () => {
      const problem = new ProblemException(HttpStatus.BAD_REQUEST, 'Malformed upload', 'the multipart body could not be read');
      if (!started) reject(problem);
    });
    parser.on('close', () => {
      if (!started) reject(fieldProblem(FILE_FIELD, 'a file part named "file" is required, after the other fields'));
    });
    req.pipe(parser);
  });
}

function fieldProblem(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `${field}: ${message}`, [
    { field, messages: [message] },
  ]);
}
