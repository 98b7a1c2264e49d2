import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { CHAIN_HEADS_SQL } from './chain-heads';
import { chainHash, GENESIS_HASH, GLOBAL_CHAIN, type AuditOutcome, type AuditPayload } from './audit-record';

export type BrokenLinkReason =
  // The record's content (or its hash) no longer matches its hash.
  | 'hash_mismatch'
  // A record is missing (deleted) or out of place.
  | 'seq_gap'
  // The record does not point at its predecessor's hash (the predecessor was changed or replaced).
  | 'prev_hash_mismatch'
  // The chain's head (the seq and hash every append moves forward) does not match its last record:
  // records were cut from the end of the chain, or the head was changed. `seq` is the first
  // missing record, or the last record when that is the one that does not match.
  | 'head_mismatch';

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

// Walks every chain in order and recomputes each hash from the stored fields, then compares each
// chain's head with its last record. A changed record shows as hash_mismatch; a changed record
// whose hash was also recomputed shows as prev_hash_mismatch on its successor; a deleted record
// shows as seq_gap, or as head_mismatch when it was the last. A chain a superuser rewrote along
// with its head takes an anchor kept outside the database to detect (AuditAnchors).
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verifyChains(scope?: VerifyScope): Promise<VerifyReport> {
    const filter = scopeFilter(scope);
    const walk = await this.walkRecords(filter);
    const headBreaks = await this.headMismatches(filter);
    const extra = headBreaks.filter((b) => !walk.brokenKeys.has(b.chainKey));
    // Chain keys are lowercase ids and 'global', which sort alike in JavaScript and PostgreSQL.
    const candidates = [walk.firstBroken, extra[0]].filter((b): b is BrokenLink => !!b);
    const firstBroken = candidates.sort((a, b) => (a.chainKey < b.chainKey ? -1 : a.chainKey > b.chainKey ? 1 : 0))[0];
    const brokenChains = walk.brokenKeys.size + extra.length;
    return {
      ok: brokenChains === 0,
      chainsChecked: walk.chainsChecked,
      recordsChecked: walk.recordsChecked,
      brokenChains,
      firstBroken: firstBroken ?? null,
      checkedAt: new Date().toISOString(),
    };
  }

  private async walkRecords(filter: Filter): Promise<{
    chainsChecked: number;
    recordsChecked: number;
    brokenKeys: Set<string>;
    firstBroken: BrokenLink | null;
  }> {
    const n = filter.params.length;
    let after: [string, number] = ['', 0];
    let chainsChecked = 0;
    let recordsChecked = 0;
    const brokenKeys = new Set<string>();
    let firstBroken: BrokenLink | null = null;
    let current: { key: string; seq: number; hash: Buffer; broken: boolean } | null = null;

    for (;;) {
      const rows: Row[] = await this.dataSource.query(
        `SELECT chain_key, seq, case_id, action, actor_id, outcome, details, idempotency_key, occurred_at, prev_hash, hash
         FROM audit_records
         WHERE (chain_key, seq) > ($${n + 1}, $${n + 2}) ${filter.sql}
         ORDER BY chain_key, seq LIMIT ${BATCH}`,
        [...filter.params, after[0], after[1]],
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
            brokenKeys.add(row.chain_key);
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
    return { chainsChecked, recordsChecked, brokenKeys, firstBroken };
  }

  // Chains whose head (on the case row, or in audit_chain_heads) differs from their last record,
  // in chain order; a chain with records but no head, or a head without records, counts too.
  private async headMismatches(filter: Filter): Promise<BrokenLink[]> {
    const rows: { chain_key: string; last_seq: string | null; head_seq: string | null }[] = await this.dataSource.query(
      `WITH last AS (
         SELECT DISTINCT ON (chain_key) chain_key, seq, hash FROM audit_records
         WHERE true ${filter.sql} ORDER BY chain_key, seq DESC),
       head AS (SELECT chain_key, seq, hash FROM (${CHAIN_HEADS_SQL}) AS heads WHERE true ${filter.sql})
       SELECT coalesce(last.chain_key, head.chain_key) AS chain_key, last.seq AS last_seq, head.seq AS head_seq
       FROM last FULL JOIN head ON head.chain_key = last.chain_key
       WHERE last.seq IS DISTINCT FROM head.seq OR last.hash IS DISTINCT FROM head.hash
       ORDER BY 1`,
      filter.params,
    );
    return rows.map((r) => {
      const last = Number(r.last_seq ?? 0);
      const head = Number(r.head_seq ?? 0);
      return {
        chainKey: r.chain_key,
        caseId: r.chain_key === GLOBAL_CHAIN ? null : r.chain_key,
        seq: head > last ? last + 1 : last,
        reason: 'head_mismatch',
      };
    });
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

interface Filter {
  sql: string;
  params: unknown[];
}

// An `AND …` on chain_key that limits a query to the scope's chains (nothing without a scope).
function scopeFilter(scope?: VerifyScope): Filter {
  if (!scope) return { sql: '', params: [] };
  return {
    sql: `AND (chain_key = '${GLOBAL_CHAIN}' OR chain_key IN (SELECT c.id::text FROM cases c WHERE ${scope.caseFilter.sql}))`,
    params: scope.caseFilter.params,
  };
}
