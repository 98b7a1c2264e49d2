import type { MigrationInterface, QueryRunner } from 'typeorm';

// The case kernel (issue #12): how a request travelled (channel, note or reference number, dates
// sent and received, the counterpart's reference) on every case of every kind, and links between
// cases (the MLA requests of one investigation, the extradition, the art. 4 prosecution).
export class CaseKernel1764400000000 implements MigrationInterface {
  name = 'CaseKernel1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN transmission jsonb`);
    await q.query(`
      CREATE TABLE case_links (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        linked_case_id uuid NOT NULL,
        relation text NOT NULL CHECK (relation IN ('same_investigation', 'extradition', 'domestic_prosecution', 'related')),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, linked_case_id),
        CHECK (case_id <> linked_case_id)
      )`);
    await q.query(`CREATE INDEX case_links_linked_idx ON case_links (linked_case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_links`);
    await q.query(`ALTER TABLE cases DROP COLUMN transmission`);
  }
}
