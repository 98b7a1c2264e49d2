import 'reflect-metadata';
import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env';

// Documents: where their content is kept (PostgreSQL by default, an S3-compatible store when
// configured), the largest upload accepted, and the optional ClamAV daemon that scans uploads.
export class DocumentsEnvironment {
  @IsIn(['postgres', 's3'])
  DOCUMENT_STORE: 'postgres' | 's3' = 'postgres';

  // Bytes; 100 MiB by default. At most 5 GiB: the S3 store commits by one server-side copy,
  // which S3 limits to that.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5 * 1024 * 1024 * 1024)
  DOCUMENT_MAX_BYTES: number = 100 * 1024 * 1024;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name' })
  S3_BUCKET = 'comity-documents';

  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'S3_REGION must be a region name such as us-east-1' })
  S3_REGION = 'us-east-1';

  // Path-style addressing (http://host/bucket/key), which most self-hosted S3 servers need.
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE = 'true';

  @IsOptional()
  @Matches(/^[^\s]{1,128}$/, { message: 'S3_ACCESS_KEY_ID must be one word' })
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @Matches(/^[^\s]{1,256}$/, { message: 'S3_SECRET_ACCESS_KEY must be one word' })
  S3_SECRET_ACCESS_KEY?: string;

  // host:port of a clamd listening on TCP; unset: uploads are not scanned.
  @IsOptional()
  @Matches(/^[^:\s]+:\d+$/, { message: 'CLAMD_ADDRESS must be host:port' })
  CLAMD_ADDRESS?: string;
}

export interface S3StoreConfig {
  endpoint: string | null;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  /** Null: the SDK's default credential chain (environment, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

export interface DocumentsConfig {
  store: 'postgres' | 's3';
  maxBytes: number;
  s3: S3StoreConfig;
  clamd: { host: string; port: number } | null;
}

export function loadDocumentsConfig(env: Record<string, string | undefined> = process.env): DocumentsConfig {
  const e = validateEnv(DocumentsEnvironment, env);
  const clamd = e.CLAMD_ADDRESS?.match(/^(.+):(\d+)$/);
  return {
    store: e.DOCUMENT_STORE,
    maxBytes: e.DOCUMENT_MAX_BYTES,
    s3: {
      endpoint: e.S3_ENDPOINT ?? null,
      bucket: e.S3_BUCKET,
      region: e.S3_REGION,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
      credentials:
        e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
          : null,
    },
    clamd: clamd ? { host: clamd[1], port: Number(clamd[2]) } : null,
  };
}

export const documentsConfig = registerAs('documents', (): DocumentsConfig => loadDocumentsConfig());
