import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { documentsConfig, type DocumentsConfig } from '@comity/config';
import { ClamdScanner, type MalwareScanner } from './clamd-scanner';
import { BlobStore } from './storage/blob-store';
import { PostgresBlobStore } from './storage/postgres-blob-store';
import { S3BlobStore } from './storage/s3-blob-store';

/** Injection token of the configured scanner (null when CLAMD_ADDRESS is unset). */
export const MALWARE_SCANNER = Symbol('MALWARE_SCANNER');

// The configured store (DOCUMENT_STORE) and scanner (CLAMD_ADDRESS). Needs a TypeORM DataSource
// in scope (PersistenceModule).
@Module({
  imports: [ConfigModule.forFeature(documentsConfig)],
  providers: [
    {
      provide: BlobStore,
      inject: [ConfigService, getDataSourceToken()],
      useFactory: (config: ConfigService, dataSource: DataSource): BlobStore => {
        const documents = config.getOrThrow<DocumentsConfig>('documents');
        return documents.store === 's3' ? S3BlobStore.fromConfig(documents.s3) : new PostgresBlobStore(dataSource);
      },
    },
    {
      provide: MALWARE_SCANNER,
      inject: [ConfigService],
      useFactory: (config: ConfigService): MalwareScanner | null => {
        const { clamd } = config.getOrThrow<DocumentsConfig>('documents');
        return clamd ? new ClamdScanner(clamd.host, clamd.port) : null;
      },
    },
  ],
  exports: [BlobStore, MALWARE_SCANNER, ConfigModule],
})
export class DocumentStorageModule {}
