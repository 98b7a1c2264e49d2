import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { CHAIN_HEADS_SQL } from './chain-heads';

export interface AnchorHead {
  chainKey: string;
  seq: number;
  /** The hash of the chain's record at `seq`, hex. */
  hash: string;
}

/** Every chain's head at one moment, and a SHA-256 digest over them (hex). */
export interface AuditAnchor {
  v: 1;
  takenAt: string;
  heads: AnchorHead[];
  digest: string;
}

export interface AnchorMismatch {
  chainKey: string;
  seq: number;
  reason: 'missing' | 'hash_differs';
}

export interface AnchorCheck {
  ok: boolean;
  /** False when the anchor itself was edited after it was taken. */
  digestValid: boolean;
  headsChecked: number;
  mismatches: number;
  firstMismatch: AnchorMismatch | null;
  checkedAt: string;
}

const BATCH = 5000;

// Verification walks each chain against itself, so a superuser who rewrites a chain's records and
// its head together leaves nothing to find. An anchor closes that gap: every chain's head, kept
// where the database's superusers cannot write (WORM storage, a timestamping service, another
// authority). Later, each anchored record must still carry the anchored hash; since every hash
// covers all records before it, a chain that still verifies and still matches its anchor has not
// been changed up to that point.
@Injectable()
export class AuditAnchors {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async take(): Promise<AuditAnchor> {
    // One statement, so one snapshot: each head read is a committed record.
    const rows: { chain_key: string; seq: string; hash: Buffer }[] = await this.dataSource.query(
      `SELECT chain_key, seq, hash FROM (${CHAIN_HEADS_SQL}) AS heads ORDER BY chain_key`,
    );
    const body = {
      v: 1 as const,
      takenAt: new Date().toISOString(),
      heads: rows.map((r) => ({ chainKey: r.chain_key, seq: Number(r.seq), hash: r.hash.toString('hex') })),
    };
    return { ...body, digest: digestOf(body) };
  }

  async check(anchor: AuditAnchor): Promise<AnchorCheck> {
    assertAnchorShape(anchor);
    let mismatches = 0;
    let firstMismatch: AnchorMismatch | null = null;
    for (let i = 0; i < anchor.heads.length; i += BATCH) {
      const batch = anchor.heads.slice(i, i + BATCH);
      const rows: { hash: Buffer | null }[] = await this.dataSource.query(
        `SELECT a.hash FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS x(chain_key, seq, ord)
         LEFT JOIN audit_records a ON a.chain_key = x.chain_key AND a.seq = x.seq
         ORDER BY x.ord`,
        [batch.map((h) => h.chainKey), batch.map((h) => h.seq)],
      );
      rows.forEach((row, j) => {
        const head = batch[j];
        const reason = row.hash === null ? 'missing' : row.hash.toString('hex') !== head.hash ? 'hash_differs' : null;
        if (!reason) return;
        mismatches++;
        firstMismatch ??= { chainKey: head.chainKey, seq: head.seq, reason };
      });
    }
    const digestValid = digestOf(anchor) === anchor.digest;
    return {
      ok: digestValid && mismatches === 0,
      digestValid,
      headsChecked: anchor.heads.length,
      mismatches,
      firstMismatch,
      checkedAt: new Date().toISOString(),
    };
  }
}

function digestOf(anchor: Pick<AuditAnchor, 'v' | 'takenAt' | 'heads'>): string {
  const { v, takenAt, heads } = anchor;
  return createHash('sha256').update(canonicalJson({ v, takenAt, heads })).digest('hex');
}

function assertAnchorShape(anchor: AuditAnchor): void {
  const valid =
    anchor?.v === 1 &&
    typeof anchor.takenAt === 'string' &&
    typeof anchor.digest === 'string' &&
    Array.isArray(anchor.heads) &&
    anchor.heads.every(
      (h) =>
        typeof h?.chainKey === 'string' &&
        Number.isSafeInteger(h.seq) &&
        h.seq >= 1 &&
        typeof h.hash === 'string' &&
        /^[0-9a-f]{64}$/.test(h.hash),
    );
  if (!valid) {
    throw new TypeError('not an audit anchor: expected { v: 1, takenAt, digest, heads: [{ chainKey, seq, hash }] }');
  }
}
