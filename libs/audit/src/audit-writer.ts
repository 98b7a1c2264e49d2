import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@comity/persistence';
import { canonicalJson } from './canonical-json';
import { toPayload, type AuditRecordInput } from './audit-record';

export interface AppendResult {
  chainKey: string;
  seq: number;
  hash: Buffer;
  /** False when a record with the same idempotency key already existed (nothing was appended). */
  inserted: boolean;
}

/** One SQL statement with its positional parameters ($1 … $n). */
export interface Statement {
  sql: string;
  params: unknown[];
}

interface AppendRow {
  out_seq: string;
  out_hash: Buffer;
  out_inserted: boolean;
}

// audit_append() takes a per-chain advisory lock held until the transaction ends: appends to one
// chain are serialised, different chains do not wait on each other. Transactions must be READ
// COMMITTED (PostgreSQL's default). Round trips, not hashing, are what an append costs (see
// bench/audit-projection.bench.ts), so every method here is exactly one statement, prepared once
// per connection where it runs in a transaction.
@Injectable()
export class AuditWriter {
  // Inside the caller's transaction, so the record commits or rolls back with the change it describes.
  async append(manager: EntityManager, record: AuditRecordInput): Promise<AppendResult> {
    assertInTransaction(manager);
    const call = appendCall(record, 0);
    const [row] = await preparedQuery<AppendRow>(manager, `SELECT ${APPEND_COLUMNS} FROM ${call.fn}`, call.params);
    return toResult(call.chainKey, row);
  }

  // Runs `statement` (a data-modifying statement with RETURNING) and appends `record` in the same
  // round trip, inside the caller's transaction; returns how many rows the statement wrote. A
  // projection passes its idempotent insert: on a retry the insert writes nothing and the record's
  // idempotency key makes the append a no-op.
  async appendWith(
    manager: EntityManager,
    statement: Statement,
    record: AuditRecordInput,
  ): Promise<{ written: number; audit: AppendResult }> {
    assertInTransaction(manager);
    const call = appendCall(record, statement.params.length);
    const [row]: (AppendRow & { written: number })[] = await preparedQuery(
      manager,
      `WITH written AS (${statement.sql})
       SELECT (SELECT count(*)::int FROM written) AS written, ${APPEND_COLUMNS} FROM ${call.fn}`,
      [...statement.params, ...call.params],
    );
    return { written: row.written, audit: toResult(call.chainKey, row) };
  }

  // A record that changes nothing else (a read, a login): one statement is its own transaction.
  async appendAlone(dataSource: DataSource, record: AuditRecordInput): Promise<AppendResult> {
    const call = appendCall(record, 0);
    const [row]: AppendRow[] = await dataSource.query(`SELECT ${APPEND_COLUMNS} FROM ${call.fn}`, call.params);
    return toResult(call.chainKey, row);
  }
}

function assertInTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('AuditWriter.append must run inside a transaction (use dataSource.transaction)');
  }
}

const APPEND_COLUMNS = 'out_seq, out_hash, out_inserted';

// The audit_append(...) call with its parameters numbered after `offset` others.
function appendCall(record: AuditRecordInput, offset: number): { fn: string; params: unknown[]; chainKey: string } {
  const payload = toPayload(record, record.occurredAt ?? new Date());
  const params = [
    payload.chainKey,
    payload.caseId,
    payload.action,
    payload.actorId,
    payload.outcome,
    JSON.stringify(payload.details),
    payload.idempotencyKey,
    payload.occurredAt,
    canonicalJson(payload),
  ];
  const placeholders = params.map((_, i) => `$${offset + i + 1}`).join(', ');
  return { fn: `audit_append(${placeholders})`, params, chainKey: payload.chainKey };
}

function toResult(chainKey: string, row: AppendRow): AppendResult {
  return { chainKey, seq: Number(row.out_seq), hash: row.out_hash, inserted: row.out_inserted };
}
