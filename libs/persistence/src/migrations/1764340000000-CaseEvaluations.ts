import type { MigrationInterface, QueryRunner } from 'typeorm';

// The rules evaluation behind a submission, kept as it was (with the rules-data version it used),
// so a reviewer sees the findings the draft was submitted on and what has changed since.
export class CaseEvaluations1764340000000 implements MigrationInterface {
  name = 'CaseEvaluations1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_evaluations (
        id text PRIMARY KEY,
        case_id uuid NOT NULL,
        data_version text NOT NULL,
        evaluated_at timestamptz NOT NULL,
        evaluation jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX case_evaluations_case_idx ON case_evaluations (case_id)`);
    await q.query(`ALTER TABLE cases ADD COLUMN submitted_evaluation_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN submitted_evaluation_id`);
    await q.query(`DROP TABLE case_evaluations`);
  }
}
