import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { toPayload, type AuditRecordInput } from './audit-record';

export interface AppendResult {
  chainKey: string;
  seq: number;
  hash: Buffer;
  /** False when a record with the same idempotency key already existed (nothing was appended). */
  inserted: boolean;
}

// Appends inside the caller's transaction, so the audit record commits or rolls back with the
// state change it describes. audit_append() takes a per-chain advisory lock held until that
// transaction ends: appends to one chain are serialised, different chains do not wait on each
// other. The caller's transaction must be READ COMMITTED (PostgreSQL's default).
@Injectable()
export class AuditWriter {
  async append(manager: EntityManager, record: AuditRecordInput): Promise<AppendResult> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditWriter.append must run inside a transaction (use dataSource.transaction)');
    }
    const payload = toPayload(record, record.occurredAt ?? new Date());
    const rows: { out_seq: string; out_hash: Buffer; out_inserted: boolean }[] = await manager.query(
      `SELECT out_seq, out_hash, out_inserted FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        payload.chainKey,
        payload.caseId,
        payload.action,
        payload.actorId,
        payload.outcome,
        JSON.stringify(payload.details),
        payload.idempotencyKey,
        payload.occurredAt,
        canonicalJson(payload),
      ],
    );
    const [row] = rows;
    return {
      chainKey: payload.chainKey,
      seq: Number(row.out_seq),
      hash: row.out_hash,
      inserted: row.out_inserted,
    };
  }
}
