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
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as afterSeq for the next page; null on the last page. */
  nextAfterSeq: number | null;
}

@Injectable()
export class AuditReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // A case's chain in order. Callers check that the reader may see the case first.
  async caseHistory(caseId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const rows: {
      seq: string;
      action: string;
      actor_id: string | null;
      outcome: AuditOutcome;
      details: Record<string, unknown>;
      occurred_at: Date;
      hash: Buffer;
    }[] = await this.dataSource.query(
      `SELECT seq, action, actor_id, outcome, details, occurred_at, hash FROM audit_records
       WHERE chain_key = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [caseId.toLowerCase(), options.afterSeq ?? 0, limit + 1],
    );
    const page = rows.slice(0, limit).map((r) => ({
      seq: Number(r.seq),
      action: r.action,
      actorId: r.actor_id,
      outcome: r.outcome,
      details: r.details,
      occurredAt: r.occurred_at.toISOString(),
      hash: r.hash.toString('hex'),
    }));
    return { items: page, nextAfterSeq: rows.length > limit ? page[page.length - 1].seq : null };
  }
}
