import type { MigrationInterface, QueryRunner } from 'typeorm';

// Read model of the MLA lifecycle: who holds a case and since when, its deadlines, their
// reminders and escalations, and the notifications they raise.
export class MlaLifecycle1764285000000 implements MigrationInterface {
  name = 'MlaLifecycle1764285000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN draft jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN holder_side text,
        ADD COLUMN holder_jurisdiction char(2),
        ADD COLUMN overdue boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE case_steps
        ADD COLUMN outcome text,
        ADD COLUMN left_at timestamptz,
        ADD COLUMN due_at timestamptz,
        ADD COLUMN holder_role text,
        ADD COLUMN holder_side text,
        ADD COLUMN holder_jurisdiction char(2),
        ADD COLUMN holder_authority_id uuid,
        ADD COLUMN details jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`
      CREATE TABLE case_deadlines (
        case_id uuid NOT NULL REFERENCES cases(id),
        key text NOT NULL,
        label text NOT NULL,
        due_at timestamptz NOT NULL,
        remind_at timestamptz,
        on_breach text NOT NULL,
        status text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        source text NOT NULL,
        confidence text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, key)
      )`);
    await q.query(`CREATE INDEX case_deadlines_open_due_idx ON case_deadlines (due_at) WHERE active`);
    await q.query(`
      CREATE TABLE case_deadline_events (
        case_id uuid NOT NULL REFERENCES cases(id),
        event_id text NOT NULL,
        deadline_key text NOT NULL,
        kind text NOT NULL,
        due_at timestamptz NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (case_id, event_id)
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        source_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        recipient_role text NOT NULL,
        recipient_jurisdiction char(2) NOT NULL,
        recipient_authority_id uuid,
        message text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_recipient_idx ON notifications (recipient_jurisdiction, recipient_role, created_at DESC)`);
    await q.query(`CREATE INDEX cases_overdue_idx ON cases (next_due_at) WHERE overdue AND closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_overdue_idx`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE case_deadline_events`);
    await q.query(`DROP TABLE case_deadlines`);
    await q.query(`
      ALTER TABLE case_steps
        DROP COLUMN outcome, DROP COLUMN left_at, DROP COLUMN due_at, DROP COLUMN holder_role,
        DROP COLUMN holder_side, DROP COLUMN holder_jurisdiction, DROP COLUMN holder_authority_id,
        DROP COLUMN details`);
    await q.query(`
      ALTER TABLE cases
        DROP COLUMN draft, DROP COLUMN holder_side, DROP COLUMN holder_jurisdiction, DROP COLUMN overdue`);
  }
}
