import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

// Append-only (a trigger refuses UPDATE and DELETE); written only through libs/audit AuditWriter.
@Entity({ name: 'audit_records' })
export class AuditRecordEntity {
  @PrimaryColumn('text', { name: 'chain_key' })
  chainKey!: string;

  @PrimaryColumn('bigint')
  seq!: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text')
  outcome!: AuditOutcome;

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('text', { name: 'idempotency_key', unique: true })
  idempotencyKey!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('bytea', { name: 'prev_hash' })
  prevHash!: Buffer;

  @Column('bytea')
  hash!: Buffer;
}
