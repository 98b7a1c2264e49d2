import type { MigrationInterface, QueryRunner } from 'typeorm';

// Read-model columns the lifecycle, access control and work queues need.
export class CaseReadModel1764280000000 implements MigrationInterface {
  name = 'CaseReadModel1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN reference text,
        ADD COLUMN summary text,
        ADD COLUMN requesting_authority_id uuid,
        ADD COLUMN requested_authority_id uuid,
        ADD COLUMN created_by uuid,
        ADD COLUMN transmitted_at timestamptz,
        ADD COLUMN sealed boolean NOT NULL DEFAULT false,
        ADD COLUMN urgent boolean NOT NULL DEFAULT false,
        ADD COLUMN needed_by date,
        ADD COLUMN holder_authority_id uuid,
        ADD COLUMN holder_role text,
        ADD COLUMN next_due_at timestamptz,
        ADD COLUMN closed_at timestamptz`);
    await q.query(`CREATE UNIQUE INDEX cases_reference_key ON cases (reference) WHERE reference IS NOT NULL`);
    await q.query(`CREATE INDEX cases_requesting_authority_idx ON cases (requesting_authority_id)`);
    await q.query(`CREATE INDEX cases_pair_idx ON cases (requesting_state, requested_state)`);
    // Partial index for the overdue queue: open cases ordered by their next deadline.
    await q.query(`CREATE INDEX cases_open_due_idx ON cases (next_due_at) WHERE closed_at IS NULL`);
    await q.query(`
      CREATE TABLE case_assignments (
        case_id uuid NOT NULL REFERENCES cases(id),
        user_id uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, user_id)
      )`);
    await q.query(`CREATE INDEX case_assignments_user_idx ON case_assignments (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_assignments`);
    await q.query(`DROP INDEX cases_open_due_idx`);
    await q.query(`DROP INDEX cases_pair_idx`);
    await q.query(`DROP INDEX cases_requesting_authority_idx`);
    await q.query(`DROP INDEX cases_reference_key`);
    await q.query(`
      ALTER TABLE cases
        DROP COLUMN reference, DROP COLUMN summary, DROP COLUMN requesting_authority_id,
        DROP COLUMN requested_authority_id, DROP COLUMN created_by, DROP COLUMN transmitted_at,
        DROP COLUMN sealed, DROP COLUMN urgent, DROP COLUMN needed_by, DROP COLUMN holder_authority_id,
        DROP COLUMN holder_role, DROP COLUMN next_due_at, DROP COLUMN closed_at`);
  }
}
