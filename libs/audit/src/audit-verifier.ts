import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { chainHash, GENESIS_HASH, GLOBAL_CHAIN, type AuditOutcome, type AuditPayload } from './audit-record';

export type BrokenLinkReason =
  // The record's content (or its hash) no longer matches its hash.
  | 'hash_mismatch'
  // A record is missing (deleted) or out of place.
  | 'seq_gap'
  // The record does not point at its predecessor's hash (the predecessor was changed or replaced).
  | 'prev_hash_mismatch';

export interface BrokenLink {
  chainKey: string;
  caseId: string | null;
  seq: number;
  reason: BrokenLinkReason;
}

export interface VerifyReport {
  ok: boolean;
  chainsChecked: number;
  recordsChecked: number;
  brokenChains: number;
  /** The first broken link in chain order (cases by id, then the global chain), or null. */
  firstBroken: BrokenLink | null;
  checkedAt: string;
}

/** Limits verification to some chains: the global chain plus cases matched by a SQL filter on `cases c`. */
export interface VerifyScope {
  caseFilter: { sql: string; params: unknown[] };
}

interface Row {
  chain_key: string;
  seq: string;
  case_id: string | null;
  action: string;
  actor_id: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  idempotency_key: string;
  occurred_at: Date;
  prev_hash: Buffer;
  hash: Buffer;
}

const BATCH = 5000;

// Walks every chain in order and recomputes each hash from the stored fields. A changed record
// shows as hash_mismatch; a changed record whose hash was also recomputed shows as
// prev_hash_mismatch on its successor; a deleted record shows as seq_gap. A chain cut at its end,
// or entirely rewritten by a superuser, needs an external anchor to detect (see README).
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verifyChains(scope?: VerifyScope): Promise<VerifyReport> {
    const filterParams = scope?.caseFilter.params ?? [];
    const scopeSql = scope
      ? `AND (chain_key = '${GLOBAL_CHAIN}' OR chain_key IN (SELECT c.id::text FROM cases c WHERE ${scope.caseFilter.sql}))`
      : '';
    const n = filterParams.length;
    let after: [string, number] = ['', 0];
    let chainsChecked = 0;
    let recordsChecked = 0;
    let brokenChains = 0;
    let firstBroken: BrokenLink | null = null;
    let current: { key: string; seq: number; hash: Buffer; broken: boolean } | null = null;

    for (;;) {
      const rows: Row[] = await this.dataSource.query(
        `SELECT chain_key, seq, case_id, action, actor_id, outcome, details, idempotency_key, occurred_at, prev_hash, hash
         FROM audit_records
         WHERE (chain_key, seq) > ($${n + 1}, $${n + 2}) ${scopeSql}
         ORDER BY chain_key, seq LIMIT ${BATCH}`,
        [...filterParams, after[0], after[1]],
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        if (!current || current.key !== row.chain_key) {
          current = { key: row.chain_key, seq: 0, hash: GENESIS_HASH, broken: false };
          chainsChecked++;
        }
        recordsChecked++;
        if (!current.broken) {
          const reason = this.check(row, seq, current.seq + 1, current.hash);
          if (reason) {
            current.broken = true;
            brokenChains++;
            firstBroken ??= { chainKey: row.chain_key, caseId: row.case_id, seq, reason };
          }
        }
        current.seq = seq;
        current.hash = row.hash;
      }
      if (rows.length < BATCH) break;
      const last = rows[rows.length - 1];
      after = [last.chain_key, Number(last.seq)];
    }
    return {
      ok: brokenChains === 0,
      chainsChecked,
      recordsChecked,
      brokenChains,
      firstBroken,
      checkedAt: new Date().toISOString(),
    };
  }

  private check(row: Row, seq: number, expectedSeq: number, expectedPrev: Buffer): BrokenLinkReason | null {
    const payload: AuditPayload = {
      v: 1,
      chainKey: row.chain_key,
      caseId: row.case_id,
      action: row.action,
      actorId: row.actor_id,
      outcome: row.outcome,
      details: row.details,
      idempotencyKey: row.idempotency_key,
      occurredAt: row.occurred_at.toISOString(),
    };
    if (!chainHash(row.prev_hash, seq, canonicalJson(payload)).equals(row.hash)) return 'hash_mismatch';
    if (seq !== expectedSeq) return 'seq_gap';
    if (!row.prev_hash.equals(expectedPrev)) return 'prev_hash_mismatch';
    return null;
  }
}
