import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditOutcome } from './audit-record';

export interface AuditEntry {
  seq: number;
  action: string;
  actorId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  occurredAt: string;
  hash: string;
  prevHash: string;
}

/** A record of the other side: its place in the chain and its hashes, nothing of its content. */
export interface RedactedAuditEntry {
  seq: number;
  redacted: true;
  hash: string;
  prevHash: string;
}

type Side = 'requesting' | 'requested';

// Actions of the platform itself that both sides see, and the actions the case machine shares;
// records written before visibility was recorded fall back on these.
const SHARED_ACTIONS = new Set([
  'transmit', 'acknowledge', 'request_supplementary_information', 'answer_supplementary_information',
  'record_partial_response', 'record_final_response', 'refuse', 'close', 'withdraw', 'lapse', 'resync', 'terminate',
]);

/** Who may read a record of a case's chain. */
export function recordVisibility(action: string, details: Record<string, unknown>): Side | 'shared' {
  const v = details.visibility;
  if (v === 'requesting' || v === 'requested' || v === 'shared') return v;
  return action.startsWith('case.') && SHARED_ACTIONS.has(action.slice('case.'.length)) ? 'shared' : 'requesting';
}

export interface AuditPage {
  items: (AuditEntry | RedactedAuditEntry)[];
  /** Pass as afterSeq for the next page; null on the last page. */
  nextAfterSeq: number | null;
}

@Injectable()
export class AuditReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // A case's chain in order. Callers check that the reader may see the case first; `side` is the
  // reader's side of the case (null: neither), and records not visible to it come back redacted.
  async caseHistory(
    caseId: string,
    options: { afterSeq?: number; limit?: number; side?: Side | null } = {},
  ): Promise<AuditPage> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const rows: {
      seq: string;
      action: string;
      actor_id: string | null;
      outcome: AuditOutcome;
      details: Record<string, unknown>;
      occurred_at: Date;
      hash: Buffer;
      prev_hash: Buffer;
    }[] = await this.dataSource.query(
      `SELECT seq, action, actor_id, outcome, details, occurred_at, hash, prev_hash FROM audit_records
       WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [caseId.toLowerCase(), options.afterSeq ?? 0, limit + 1],
    );
    const visible = (r: (typeof rows)[number]) => {
      const v = recordVisibility(r.action, r.details);
      return v === 'shared' || (options.side !== undefined && v === options.side) || options.side === undefined;
    };
    const page = rows.slice(0, limit).map((r): AuditEntry | RedactedAuditEntry => {
      const hashes = { hash: r.hash.toString('hex'), prevHash: r.prev_hash.toString('hex') };
      if (!visible(r)) return { seq: Number(r.seq), redacted: true, ...hashes };
      return {
        seq: Number(r.seq),
        action: r.action,
        actorId: r.actor_id,
        outcome: r.outcome,
        details: r.details,
        occurredAt: r.occurred_at.toISOString(),
        ...hashes,
      };
    });
    return { items: page, nextAfterSeq: rows.length > limit ? page[page.length - 1].seq : null };
  }
}
