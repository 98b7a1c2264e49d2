import type { MigrationInterface, QueryRunner } from 'typeorm';

// Work queues, assignment, notifications and delay accounting (issue #13), all in the read model.
//
// - cases: when the current stage was entered, who holds it by kind of holder (holder_class) and
//   by person (holder_assignee_id), the earliest legally bound clock, supplementary rounds, and
//   the queue's urgency order as generated columns, so every writer (projection, deadline events,
//   seeds) keeps it right without code: breached first, then legal clocks, then neededBy/urgent,
//   then the soonest due.
// - case_steps: delay accounting of each step (holder class, breach, clock stops, calendar and
//   business days of the holder's calendar) and who may see it in reports.
// - case_desks / case_assignment_events: the person each desk (side + role) of a case is assigned
//   to, and the history of claims, releases and (re)assignments.
// - notifications addressed to one user, read state per user, webhooks per authority and the
//   delivery log of webhooks and e-mails with every attempt.
// - stage_duration_rollup: a histogram of step durations per month, pair, office, stage and
//   holder, kept by the projection in the transaction that closes a step, so median and p90 over
//   a year read thousands of rows instead of millions.
export class WorkQueues1764410000000 implements MigrationInterface {
  name = 'WorkQueues1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN stage_entered_at timestamptz,
        ADD COLUMN holder_class text,
        ADD COLUMN holder_assignee_id uuid,
        ADD COLUMN legal_due_at timestamptz,
        ADD COLUMN supplementary_rounds int NOT NULL DEFAULT 0`);
    await q.query(`UPDATE cases c SET stage_entered_at = (SELECT max(s.at) FROM case_steps s WHERE s.case_id = c.id)`);
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN queue_tier smallint GENERATED ALWAYS AS (
          CASE WHEN overdue THEN 0 WHEN legal_due_at IS NOT NULL THEN 1
               WHEN urgent OR needed_by IS NOT NULL THEN 2 ELSE 3 END) STORED,
        ADD COLUMN queue_due_at timestamptz NOT NULL GENERATED ALWAYS AS (COALESCE(
          CASE WHEN NOT overdue AND legal_due_at IS NOT NULL THEN legal_due_at ELSE next_due_at END,
          'infinity'::timestamptz)) STORED`);
    await q.query(`
      CREATE INDEX cases_queue_idx ON cases (holder_jurisdiction, holder_role, queue_tier, queue_due_at, id)
        WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX cases_assignee_idx ON cases (holder_assignee_id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX cases_rounds_idx ON cases (supplementary_rounds DESC, id) WHERE supplementary_rounds > 0`);
    await q.query(`CREATE INDEX cases_created_idx ON cases (created_at)`);
    await q.query(`CREATE INDEX cases_closed_idx ON cases (closed_at) WHERE closed_at IS NOT NULL`);

    await q.query(`
      ALTER TABLE case_steps
        ADD COLUMN holder_class text,
        ADD COLUMN report_visibility text NOT NULL DEFAULT 'requesting'
          CHECK (report_visibility IN ('requesting', 'requested', 'shared')),
        ADD COLUMN breached boolean,
        ADD COLUMN clock_stops jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN stopped_days int,
        ADD COLUMN calendar_days int,
        ADD COLUMN business_days int,
        ADD COLUMN stage_left_at timestamptz,
        ADD COLUMN stage_calendar_days int,
        ADD COLUMN stage_business_days int`);
    await q.query(`UPDATE case_steps SET report_visibility = visibility`);
    // A step that entered a stage carries the whole visit of that stage once it is left (notes and
    // extensions inside a stage are steps too, but do not split the visit).
    await q.query(`CREATE INDEX case_steps_stage_left_idx ON case_steps (stage_left_at) WHERE stage_left_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE case_desks (
        case_id uuid NOT NULL REFERENCES cases(id),
        side text NOT NULL CHECK (side IN ('requesting', 'requested')),
        role text NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        authority_id uuid NOT NULL REFERENCES authorities(id),
        assigned_at timestamptz NOT NULL,
        assigned_by uuid NOT NULL REFERENCES users(id),
        PRIMARY KEY (case_id, side, role)
      )`);
    await q.query(`CREATE INDEX case_desks_user_idx ON case_desks (user_id)`);
    await q.query(`
      CREATE TABLE case_assignment_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('claim', 'release', 'assign', 'reassign')),
        side text NOT NULL CHECK (side IN ('requesting', 'requested')),
        role text NOT NULL,
        stage text NOT NULL,
        after_seq int NOT NULL,
        user_id uuid,
        previous_user_id uuid,
        actor_id uuid NOT NULL,
        reason text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX case_assignment_events_case_idx ON case_assignment_events (case_id, id)`);

    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN recipient_user_id uuid,
        ADD COLUMN visibility text NOT NULL DEFAULT 'shared' CHECK (visibility IN ('requesting', 'requested', 'shared'))`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (recipient_user_id, created_at DESC) WHERE recipient_user_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification_reads (
        notification_id bigint NOT NULL REFERENCES notifications(id),
        user_id uuid NOT NULL,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, notification_id)
      )`);
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        authority_id uuid NOT NULL REFERENCES authorities(id),
        url text NOT NULL,
        secret text NOT NULL,
        kinds text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_subscriptions_authority_idx ON webhook_subscriptions (authority_id) WHERE active`);
    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY,
        notification_id bigint NOT NULL REFERENCES notifications(id),
        channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
        subscription_id uuid REFERENCES webhook_subscriptions(id),
        recipient text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        delivered_at timestamptz,
        last_error text,
        UNIQUE (notification_id, channel, recipient)
      )`);
    await q.query(`CREATE INDEX notification_deliveries_unstarted_idx ON notification_deliveries (created_at) WHERE started_at IS NULL`);
    await q.query(`CREATE INDEX notification_deliveries_subscription_idx ON notification_deliveries (subscription_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE notification_delivery_attempts (
        delivery_id uuid NOT NULL REFERENCES notification_deliveries(id),
        attempt int NOT NULL,
        at timestamptz NOT NULL,
        status_code int,
        error text,
        duration_ms int NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);

    await q.query(`
      CREATE TABLE stage_duration_rollup (
        month date NOT NULL,
        kind text NOT NULL,
        requesting_state char(2) NOT NULL,
        requested_state char(2) NOT NULL,
        requesting_authority_id uuid NOT NULL,
        stage text NOT NULL,
        holder_class text NOT NULL,
        visibility text NOT NULL,
        metric text NOT NULL CHECK (metric IN ('calendar', 'business')),
        days int NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (month, requesting_state, requested_state, requesting_authority_id, kind, stage, holder_class, visibility, metric, days)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stage_duration_rollup`);
    await q.query(`DROP TABLE notification_delivery_attempts`);
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP TABLE notification_reads`);
    await q.query(`DROP INDEX notifications_user_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN recipient_user_id, DROP COLUMN visibility`);
    await q.query(`DROP TABLE case_assignment_events`);
    await q.query(`DROP TABLE case_desks`);
    await q.query(`DROP INDEX case_steps_stage_left_idx`);
    await q.query(`
      ALTER TABLE case_steps
        DROP COLUMN holder_class, DROP COLUMN report_visibility, DROP COLUMN breached, DROP COLUMN clock_stops,
        DROP COLUMN stopped_days, DROP COLUMN calendar_days, DROP COLUMN business_days, DROP COLUMN stage_left_at,
        DROP COLUMN stage_calendar_days, DROP COLUMN stage_business_days`);
    for (const index of ['cases_queue_idx', 'cases_assignee_idx', 'cases_rounds_idx', 'cases_created_idx', 'cases_closed_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`
      ALTER TABLE cases
        DROP COLUMN queue_tier, DROP COLUMN queue_due_at, DROP COLUMN stage_entered_at, DROP COLUMN holder_class,
        DROP COLUMN holder_assignee_id, DROP COLUMN legal_due_at, DROP COLUMN supplementary_rounds`);
  }
}
