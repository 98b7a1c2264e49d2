import type { MigrationInterface, QueryRunner } from 'typeorm';

// The work queue's counts (GET /queue: total, mine, unassigned, per urgency tier) read a summary
// instead of every queued case: at 1,000,000 cases one central authority has ~32,000 queued cases
// and counting them took 17-23 ms of the queue's 20 ms budget, however well indexed.
//
// queue_counts holds how many open, unsealed cases each queue key has: who holds the case (state,
// role, authority), the facts the access rule reads (pair, requesting office, transmitted), the
// assignee and the urgency tier. Reads add the key rows of the caller's scope (a few hundred at
// most) and the sealed cases, which stay out: only the people assigned to one may count it, so
// they are counted from the caller's own assignments (case_assignments_user_idx).
//
// A trigger on cases keeps it, so every writer (the projection, deadline events, assignment, the
// case doctor) moves the counts in its own transaction, exact at every commit. It does not
// update the counters itself: one authority's queue is a handful of hot rows every transition
// would lock until its commit, serialising concurrent projections and deadlocking two that
// touch two keys in opposite orders. It appends -1/+1 to queue_count_changes instead (no
// locks), and whichever transaction wins a try-lock folds all committed changes into
// queue_counts (once per transaction); the others carry on without waiting. One compactor at a time, changes deleted and
// counters added in one statement, and readers adding both tables in one snapshot: no change is
// lost or counted twice.
const KEY_COLUMNS = [
  'holder_jurisdiction char(2) NOT NULL',
  'holder_role text NOT NULL',
  'holder_authority_id uuid',
  'requesting_state char(2) NOT NULL',
  'requested_state char(2) NOT NULL',
  'requesting_authority_id uuid',
  'transmitted boolean NOT NULL',
  'holder_assignee_id uuid',
  'queue_tier smallint NOT NULL',
];
const KEY = KEY_COLUMNS.map((c) => c.split(' ')[0]).join(', ');
// A case's key from a cases row (OLD or NEW in the trigger, the table in a rebuild).
const keyOf = (r: string) =>
  `${r}.holder_jurisdiction, ${r}.holder_role, ${r}.holder_authority_id, ${r}.requesting_state, ${r}.requested_state,
   ${r}.requesting_authority_id, ${r}.transmitted_at IS NOT NULL, ${r}.holder_assignee_id, ${r}.queue_tier`;
const queued = (r: string) =>
  `${r}.closed_at IS NULL AND ${r}.holder_role IS NOT NULL AND ${r}.holder_jurisdiction IS NOT NULL AND NOT ${r}.sealed`;
// Any change of the key or of whether the case is queued at all.
const tracked = (r: string) => `(${keyOf(r)}, ${r}.closed_at IS NULL, ${r}.sealed)`;
// pg_try_advisory_xact_lock key of the compactor ('qcnt').
const COMPACTOR_LOCK = 0x71636e74;

export class QueueCounts1764440000000 implements MigrationInterface {
  name = 'QueueCounts1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue_counts (${KEY_COLUMNS.join(', ')}, n bigint NOT NULL,
        CONSTRAINT queue_counts_key UNIQUE NULLS NOT DISTINCT (${KEY}))`);
    await q.query(`CREATE TABLE queue_count_changes (${KEY_COLUMNS.join(', ')}, delta int NOT NULL)`);

    // A key whose count returns to 0 keeps its row (the keys are bounded by states x roles x
    // pairs x offices x assignees x tiers, not by cases); a rebuild clears them.
    await q.query(`
      CREATE FUNCTION queue_counts_compact() RETURNS void LANGUAGE sql AS $$
        WITH moved AS (DELETE FROM queue_count_changes RETURNING *)
        INSERT INTO queue_counts AS k (${KEY}, n)
        SELECT ${KEY}, sum(delta) FROM moved GROUP BY ${KEY} HAVING sum(delta) <> 0
        ON CONFLICT ON CONSTRAINT queue_counts_key DO UPDATE SET n = k.n + EXCLUDED.n
      $$`);
    // Everything recounted from the cases (a seed that loaded with triggers off, a repair). Holds
    // off every writer of cases meanwhile, so no change falls between the count and the table.
    await q.query(`
      CREATE FUNCTION queue_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE cases IN SHARE MODE;
        DELETE FROM queue_count_changes;
        DELETE FROM queue_counts;
        INSERT INTO queue_counts (${KEY}, n)
        SELECT ${keyOf('c')}, count(*) FROM cases c WHERE ${queued('c')} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
      END $$`);
    await q.query(`
      CREATE FUNCTION queue_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND ${queued('OLD')} THEN
          INSERT INTO queue_count_changes (${KEY}, delta) VALUES (${keyOf('OLD')}, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND ${queued('NEW')} THEN
          INSERT INTO queue_count_changes (${KEY}, delta) VALUES (${keyOf('NEW')}, 1);
        END IF;
        -- At most once per transaction: a statement moving many cases folds once, not per row
        -- (its later changes wait for the next compaction, and are counted meanwhile).
        IF current_setting('comity.queue_counts_compacted', true) IS DISTINCT FROM 'on'
           AND pg_try_advisory_xact_lock(${COMPACTOR_LOCK}) THEN
          PERFORM set_config('comity.queue_counts_compacted', 'on', true);
          PERFORM queue_counts_compact();
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_queue_counts_insert_delete AFTER INSERT OR DELETE ON cases
        FOR EACH ROW EXECUTE FUNCTION queue_counts_track()`);
    // Most updates of a case (its audit head, its draft) leave its queue key alone: no call at all.
    await q.query(`
      CREATE TRIGGER cases_queue_counts_update AFTER UPDATE ON cases
        FOR EACH ROW WHEN (${tracked('OLD')} IS DISTINCT FROM ${tracked('NEW')})
        EXECUTE FUNCTION queue_counts_track()`);
    await q.query(`SELECT queue_counts_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER cases_queue_counts_update ON cases`);
    await q.query(`DROP TRIGGER cases_queue_counts_insert_delete ON cases`);
    await q.query(`DROP FUNCTION queue_counts_track()`);
    await q.query(`DROP FUNCTION queue_counts_rebuild()`);
    await q.query(`DROP FUNCTION queue_counts_compact()`);
    await q.query(`DROP TABLE queue_count_changes`);
    await q.query(`DROP TABLE queue_counts`);
  }
}
