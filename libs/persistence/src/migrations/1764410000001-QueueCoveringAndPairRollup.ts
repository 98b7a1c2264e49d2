import type { MigrationInterface, QueryRunner } from 'typeorm';

// Measured on 100,000 seeded cases (bench/b3-queues-reports.bench.ts): the queue's counts read
// every queued row from the heap to apply the reader's scope, and a state-wide reader's stage
// report summed the rollup over every requesting office. So:
// - cases_queue_idx carries the columns the scope and the counts read (INCLUDE), so both are
//   index-only scans;
// - stage_duration_by_pair is the rollup without the office (a state's offices summed), which
//   state-wide readers grouping by pair read instead; the projection keeps both in one statement.
const QUEUE_KEY = `(holder_jurisdiction, holder_role, queue_tier, queue_due_at, id)`;

export class QueueCoveringAndPairRollup1764410000001 implements MigrationInterface {
  name = 'QueueCoveringAndPairRollup1764410000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_queue_idx`);
    await q.query(`
      CREATE INDEX cases_queue_idx ON cases ${QUEUE_KEY}
        INCLUDE (holder_authority_id, holder_assignee_id, requesting_state, requested_state, requesting_authority_id,
                 transmitted_at, sealed)
        WHERE closed_at IS NULL`);
    await q.query(`
      CREATE TABLE stage_duration_by_pair (
        month date NOT NULL,
        kind text NOT NULL,
        requesting_state char(2) NOT NULL,
        requested_state char(2) NOT NULL,
        stage text NOT NULL,
        holder_class text NOT NULL,
        visibility text NOT NULL,
        metric text NOT NULL CHECK (metric IN ('calendar', 'business')),
        days int NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (month, requesting_state, requested_state, kind, stage, holder_class, visibility, metric, days)
      )`);
    await q.query(`
      INSERT INTO stage_duration_by_pair (month, kind, requesting_state, requested_state, stage, holder_class, visibility, metric, days, n)
      SELECT month, kind, requesting_state, requested_state, stage, holder_class, visibility, metric, days, sum(n)
      FROM stage_duration_rollup GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stage_duration_by_pair`);
    await q.query(`DROP INDEX cases_queue_idx`);
    await q.query(`CREATE INDEX cases_queue_idx ON cases ${QUEUE_KEY} WHERE closed_at IS NULL`);
  }
}
