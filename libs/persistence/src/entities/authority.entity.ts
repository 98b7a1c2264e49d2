import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const AUTHORITY_KINDS = ['prosecutor_office', 'central_authority', 'supervisory', 'platform'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];

// A prosecuting office, central authority, supervisory body or the platform operator, in one jurisdiction.
@Entity({ name: 'authorities' })
export class AuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  code!: string;

  @Column('text')
  name!: string;

  @Column('char', { length: 2 })
  jurisdiction!: string;

  @Column('text')
  kind!: AuthorityKind;

  @Column('boolean', { default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
