import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@comity/persistence';
import { canonicalJson } from './canonical-json';
import { toPayload, type AuditPayload, type AuditRecordInput } from './audit-record';
import { timedAuditWrite } from './audit-metrics';

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

/** The caller's own UPDATE of a case row: SET list and extra WHERE condition over its params. */
export interface CaseUpdate {
  set: string;
  where: string;
  params: unknown[];
}

// An append is one SQL statement: move the chain's head forward, insert the record linked to the
// previous head. A case's chain keeps its head on the case row, every other chain in
// audit_chain_heads. The UPDATE locks the head row until the transaction ends and always works on
// its latest committed version, even in READ COMMITTED, so appends to one chain queue on that row
// and each links to the one committed before it; different chains do not wait on each other.
// A record whose idempotency key exists already is not appended again: the statement reports the
// existing one (inserted = false). Round trips and row writes, not hashing, are what an append
// costs (see bench/audit-projection.bench.ts), so every method here is one statement, prepared
// once per connection where it runs in a transaction.
@Injectable()
export class AuditWriter {
  // Inside the caller's transaction, so the record commits or rolls back with the change it describes.
  @timedAuditWrite()
  async append(manager: EntityManager, record: AuditRecordInput): Promise<AppendResult> {
    assertInTransaction(manager);
    const append = appendStatement(record, 0, 'true');
    const rows = await preparedQuery<AppendRow>(manager, append.sql, append.params);
    return toResult(append.chainKey, rows);
  }

  // Runs `statement` (a data-modifying statement with RETURNING) and, if it wrote anything,
  // appends `record` in the same round trip, inside the caller's transaction; returns how many
  // rows the statement wrote. A caller passes its idempotent insert: on a retry the insert writes
  // nothing, so nothing is appended, and `audit` is the record the first attempt appended.
  @timedAuditWrite()
  async appendWith(
    manager: EntityManager,
    statement: Statement,
    record: AuditRecordInput,
  ): Promise<{ written: number; audit: AppendResult | null }> {
    assertInTransaction(manager);
    const append = appendStatement(record, statement.params.length, 'EXISTS (SELECT 1 FROM written)');
    const rows: (AppendRow & { written: number })[] = await preparedQuery(
      manager,
      `WITH written AS (${statement.sql}), ${append.ctes}
       SELECT (SELECT count(*)::int FROM written) AS written, r.* FROM (SELECT) AS one LEFT JOIN (${append.select}) AS r ON true`,
      [...statement.params, ...append.params],
    );
    // Nothing written and nothing appended before: a statement that had nothing to do.
    const audit = rows[0].written === 0 && rows[0].out_seq === null ? null : toResult(append.chainKey, rows);
    return { written: rows[0].written, audit };
  }

  // Applies the caller's UPDATE of the record's case row and moves the case's chain head in the
  // same row write, appending the record in the same statement: a projection that updates the
  // case anyway pays for the record's insert and nothing else. When `update.where` excludes the
  // row (a late transition that must not move the case back), the record is appended on its own.
  @timedAuditWrite()
  async appendWithCaseUpdate(
    manager: EntityManager,
    update: CaseUpdate,
    record: AuditRecordInput & { caseId: string },
  ): Promise<{ updated: boolean; audit: AppendResult }> {
    assertInTransaction(manager);
    const n = update.params.length;
    const payload = toPayload(record, record.occurredAt ?? new Date());
    const { params, refs } = appendParams(payload, n);
    const rows = await preparedQuery<AppendRow>(
      manager,
      `WITH head AS (
         UPDATE cases AS h SET ${update.set}, ${advanceHead(refs.canonical)}
         WHERE h.id = ${refs.caseId}::uuid AND (${update.where})
         RETURNING h.audit_seq, h.audit_prev_hash, h.audit_hash),
       ${insertRecord(refs)}
       SELECT seq AS out_seq, hash AS out_hash, true AS out_inserted FROM appended`,
      [...update.params, ...params],
    );
    if (rows.length === 0) return { updated: false, audit: await this.append(manager, record) };
    return { updated: true, audit: toResult(payload.chainKey, rows) };
  }

  // A record that changes nothing else (a read, a login): one statement is its own transaction.
  @timedAuditWrite()
  async appendAlone(dataSource: DataSource, record: AuditRecordInput): Promise<AppendResult> {
    const append = appendStatement(record, 0, 'true');
    const rows: AppendRow[] = await dataSource.query(append.sql, append.params);
    return toResult(append.chainKey, rows);
  }
}

function assertInTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('AuditWriter.append must run inside a transaction (use dataSource.transaction)');
  }
}

type ParamName = 'chainKey' | 'caseId' | 'action' | 'actorId' | 'outcome' | 'details' | 'key' | 'occurredAt' | 'canonical';
type ParamRefs = Record<ParamName, string>;

// The record's values as parameters numbered after `offset` others, and their $n references.
function appendParams(payload: AuditPayload, offset: number): { params: unknown[]; refs: ParamRefs } {
  const values: [ParamName, unknown][] = [
    ['chainKey', payload.chainKey],
    ['caseId', payload.caseId],
    ['action', payload.action],
    ['actorId', payload.actorId],
    ['outcome', payload.outcome],
    ['details', JSON.stringify(payload.details)],
    ['key', payload.idempotencyKey],
    ['occurredAt', payload.occurredAt],
    ['canonical', canonicalJson(payload)],
  ];
  const refs = Object.fromEntries(values.map(([name], i) => [name, `$${offset + i + 1}`])) as ParamRefs;
  return { params: values.map(([, value]) => value), refs };
}

// SET list that moves the head of alias `h` one record forward. The hash is chainHash() in SQL:
// sha256(prev_hash || int8 big-endian seq || UTF-8 canonical JSON).
function advanceHead(canonical: string): string {
  return `audit_seq = h.audit_seq + 1, audit_prev_hash = h.audit_hash,
          audit_hash = sha256(h.audit_hash || int8send(h.audit_seq + 1) || convert_to(${canonical}::text, 'UTF8'))`;
}

// The CTE that inserts the record at the position a `head` CTE returned.
function insertRecord(refs: ParamRefs): string {
  return `appended AS (
    INSERT INTO audit_records (chain_key, seq, case_id, action, actor_id, outcome, details, idempotency_key,
                               occurred_at, prev_hash, hash)
    SELECT ${refs.chainKey}::text, head.audit_seq, ${refs.caseId}::uuid, ${refs.action}::text, ${refs.actorId}::text,
           ${refs.outcome}::text, ${refs.details}::jsonb, ${refs.key}::text, ${refs.occurredAt}::timestamptz,
           head.audit_prev_hash, head.audit_hash
    FROM head RETURNING seq, hash)`;
}

// The CTEs that append `record` when `condition` holds and its idempotency key is new, the SELECT
// that reports the appended (or already existing) record, and the two as one statement. Two
// appends with one key at once: the second fails on the key's unique index and its transaction
// rolls back, head included.
function appendStatement(record: AuditRecordInput, offset: number, condition: string) {
  const payload = toPayload(record, record.occurredAt ?? new Date());
  const { params, refs } = appendParams(payload, offset);
  const head =
    payload.caseId === null
      ? `UPDATE audit_chain_heads AS h SET ${advanceHead(refs.canonical)} WHERE h.chain_key = ${refs.chainKey}::text`
      : `UPDATE cases AS h SET ${advanceHead(refs.canonical)} WHERE h.id = ${refs.caseId}::uuid`;
  const ctes = `
    existing AS (SELECT seq, hash FROM audit_records WHERE idempotency_key = ${refs.key}::text),
    head AS (${head} AND ${condition} AND NOT EXISTS (SELECT 1 FROM existing)
             RETURNING h.audit_seq, h.audit_prev_hash, h.audit_hash),
    ${insertRecord(refs)}`;
  const select = `
    SELECT seq AS out_seq, hash AS out_hash, true AS out_inserted FROM appended
    UNION ALL SELECT seq, hash, false FROM existing`;
  return { ctes, select, sql: `WITH ${ctes} ${select}`, params, chainKey: payload.chainKey };
}

// No head means a case id with no case row: refuse, rather than start a chain no case owns.
function toResult(chainKey: string, rows: AppendRow[]): AppendResult {
  const row = rows[0];
  if (!row || row.out_seq === null) {
    throw new Error(`audit: chain ${chainKey} has no head to append to (no case with this id)`);
  }
  return { chainKey, seq: Number(row.out_seq), hash: row.out_hash, inserted: row.out_inserted };
}
