import type { MigrationInterface, QueryRunner } from 'typeorm';

// Which action ended a deadline (case_deadlines.ended_by), so the legal-deadline report tells a
// window met by its act (the formal request transmitted, the person surrendered) from one that
// ended otherwise (withdrawal, consent, death), which the projection used to record as met too.
// Deadlines ended before this migration take the action of the step that ended them: the
// projection stamps a deadline it ends with that step's instant.
export class DeadlineEndedBy1764440000001 implements MigrationInterface {
  name = 'DeadlineEndedBy1764440000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_deadlines ADD COLUMN ended_by text`);
    await q.query(`
      UPDATE case_deadlines d SET ended_by = s.action
      FROM case_steps s
      WHERE NOT d.active AND s.case_id = d.case_id AND s.at = d.updated_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN ended_by`);
  }
}
