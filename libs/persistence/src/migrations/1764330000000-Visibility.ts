import type { MigrationInterface, QueryRunner } from 'typeorm';

// Visibility is data on everything a case accumulates: each timeline entry and deadline is the
// requesting side's, the requested side's, or shared; the requested side reads the request as it
// was transmitted. Existing rows get what the machine says of their action (or deadline), and an
// entry of an action either side may take goes to its actor's side.
export class Visibility1764330000000 implements MigrationInterface {
  name = 'Visibility1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_steps ADD COLUMN visibility text NOT NULL DEFAULT 'requesting'
        CHECK (visibility IN ('requesting', 'requested', 'shared'))`);
    await q.query(`
      UPDATE case_steps s SET visibility = CASE
        WHEN s.action IN ('transmit', 'acknowledge', 'request_supplementary_information', 'answer_supplementary_information',
                          'record_partial_response', 'record_final_response', 'refuse', 'close', 'withdraw', 'lapse')
          THEN 'shared'
        WHEN s.action = 'begin_execution' THEN 'requested'
        WHEN s.action IN ('note_received', 'extend_deadline') AND EXISTS (
          SELECT 1 FROM users u JOIN authorities a ON a.id = u.authority_id JOIN cases c ON c.id = s.case_id
          WHERE u.id::text = s.actor_id::text AND a.jurisdiction = c.requested_state)
          THEN 'requested'
        ELSE 'requesting' END`);
    await q.query(`
      ALTER TABLE case_deadlines ADD COLUMN visibility text NOT NULL DEFAULT 'shared'
        CHECK (visibility IN ('requesting', 'requested', 'shared'))`);
    await q.query(`UPDATE case_deadlines SET visibility = 'requesting' WHERE key = 'central-authority-review'`);
    await q.query(`ALTER TABLE cases ADD COLUMN transmitted_request jsonb`);
    await q.query(`UPDATE cases SET transmitted_request = jsonb_build_object('draft', draft) WHERE transmitted_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN transmitted_request`);
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN visibility`);
    await q.query(`ALTER TABLE case_steps DROP COLUMN visibility`);
  }
}
