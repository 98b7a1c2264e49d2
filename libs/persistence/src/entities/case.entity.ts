import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: string;

  @Column('char', { length: 2, name: 'requesting_state' })
  requestingState!: string;

  @Column('char', { length: 2, name: 'requested_state' })
  requestedState!: string;

  @Column('text')
  stage!: string;

  @Column('text', { nullable: true })
  outcome!: string | null;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('text', { nullable: true })
  summary!: string | null;

  @Column('uuid', { name: 'requesting_authority_id', nullable: true })
  requestingAuthorityId!: string | null;

  @Column('uuid', { name: 'requested_authority_id', nullable: true })
  requestedAuthorityId!: string | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  // Set when the case reaches the requested state; only then may that side see it.
  @Column('timestamptz', { name: 'transmitted_at', nullable: true })
  transmittedAt!: Date | null;

  @Column('boolean')
  sealed!: boolean;

  @Column('boolean')
  urgent!: boolean;

  @Column('date', { name: 'needed_by', nullable: true })
  neededBy!: string | null;

  @Column('uuid', { name: 'holder_authority_id', nullable: true })
  holderAuthorityId!: string | null;

  @Column('text', { name: 'holder_role', nullable: true })
  holderRole!: string | null;

  @Column('timestamptz', { name: 'next_due_at', nullable: true })
  nextDueAt!: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  // The seq of the last transition projected; the projection only moves it forward.
  @Column('int', { name: 'last_seq' })
  lastSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
