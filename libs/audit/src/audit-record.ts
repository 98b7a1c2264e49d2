import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';
export const GLOBAL_CHAIN = 'global';
export const GENESIS_HASH = Buffer.alloc(32);

/** What a caller appends. Details carry ids and codes only: never names, passwords or tokens. */
export interface AuditRecordInput {
  caseId: string | null;
  action: string;
  actorId: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
  /** Unique per event: a retry with the same key appends nothing. Projections use `${caseId}:${seq}`. */
  idempotencyKey: string;
  /** Defaults to now; projections pass the transition's time. */
  occurredAt?: Date;
}

/** The hashed content of a record: everything stored except its position and hashes. */
export interface AuditPayload {
  v: 1;
  chainKey: string;
  caseId: string | null;
  action: string;
  actorId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  idempotencyKey: string;
  occurredAt: string;
}

// Keys that would carry personal data or secrets; details are for ids and codes only.
const FORBIDDEN_DETAIL_KEY =
  /^(password|passwordhash|secret|token|accesstoken|refreshtoken|apitoken|authorization|cookie|email|name|fullname|displayname|firstname|lastname|phone|address|summary)$/i;

function assertNoPersonalData(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoPersonalData(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (FORBIDDEN_DETAIL_KEY.test(key)) {
        throw new Error(`audit details must not carry personal data or secrets (${path}.${key})`);
      }
      assertNoPersonalData(v, `${path}.${key}`);
    }
  }
}

export function chainKeyOf(caseId: string | null): string {
  return caseId === null ? GLOBAL_CHAIN : caseId.toLowerCase();
}

// Normalises the input exactly as it will read back from PostgreSQL, so the hash computed at
// write time is the one verification recomputes from the stored row.
export function toPayload(input: AuditRecordInput, occurredAt: Date): AuditPayload {
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  assertNoPersonalData(details, 'details');
  return {
    v: 1,
    chainKey: chainKeyOf(input.caseId),
    caseId: input.caseId === null ? null : input.caseId.toLowerCase(),
    action: input.action,
    actorId: input.actorId,
    outcome: input.outcome ?? 'allowed',
    details,
    idempotencyKey: input.idempotencyKey,
    occurredAt: occurredAt.toISOString(),
  };
}

// sha256(prev_hash || int8 big-endian seq || UTF-8 canonical JSON); AuditWriter's SQL computes
// the same bytes.
export function chainHash(prevHash: Buffer, seq: number, canonical: string): Buffer {
  const seqBytes = Buffer.alloc(8);
  seqBytes.writeBigInt64BE(BigInt(seq));
  return createHash('sha256').update(prevHash).update(seqBytes).update(canonical, 'utf8').digest();
}

export { canonicalJson };
