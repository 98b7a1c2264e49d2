import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuditRecordInput } from './audit-record';
import { AuditWriter, type AppendResult } from './audit-writer';

export type StandaloneAuditRecord = Omit<AuditRecordInput, 'idempotencyKey'> & { idempotencyKey?: string };

// For events that change no other state (reads, logins, denied attempts): one statement per
// record, keyed by a fresh id unless the caller has a natural key.
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: AuditWriter,
  ) {}

  record(record: StandaloneAuditRecord): Promise<AppendResult> {
    const idempotencyKey = record.idempotencyKey ?? `event:${randomUUID()}`;
    return this.writer.appendAlone(this.dataSource, { ...record, idempotencyKey });
  }
}
