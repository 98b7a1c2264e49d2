import { Column, Entity, PrimaryColumn } from 'typeorm';

// One row per transition of a case; (case_id, seq) is the projection's idempotency key.
@Entity({ name: 'case_steps' })
export class CaseStepEntity {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId!: string;

  @PrimaryColumn('int')
  seq!: number;

  @Column('text', { name: 'from_stage', nullable: true })
  fromStage!: string | null;

  @Column('text', { name: 'to_stage' })
  toStage!: string;

  @Column('text')
  action!: string;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz')
  at!: Date;
}
