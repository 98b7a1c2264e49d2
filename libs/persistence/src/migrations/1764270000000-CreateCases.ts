import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764270000000 implements MigrationInterface {
  name = 'CreateCases1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        requesting_state char(2) NOT NULL,
        requested_state char(2) NOT NULL,
        stage text NOT NULL,
        outcome text,
        last_seq int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE case_steps (
        case_id uuid NOT NULL REFERENCES cases(id),
        seq int NOT NULL,
        from_stage text,
        to_stage text NOT NULL,
        action text NOT NULL,
        actor_id text,
        reason text,
        at timestamptz NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE INDEX cases_stage_idx ON cases (stage)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_steps`);
    await q.query(`DROP TABLE cases`);
  }
}
