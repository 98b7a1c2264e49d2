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

  // The seq of the last transition projected; the projection only moves it forward.
  @Column('int', { name: 'last_seq' })
  lastSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
