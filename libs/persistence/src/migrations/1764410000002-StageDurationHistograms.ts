import type { MigrationInterface, QueryRunner } from 'typeorm';

// State-wide stage reports read one histogram per (month, pair, stage, holder, visibility,
// metric): an int[] whose element d+1 counts the visits that took d whole days. A year of a
// state's pairs is then about a thousand rows whatever the number of cases (the row-per-day-count
// stage_duration_by_pair grew with the spread of durations: 234,000 rows at 100,000 cases).
// int_array_add / int_array_sum add such arrays element-wise (the projection, a rebuild, and this
// migration's backfill).
const KEY = 'month, requesting_state, requested_state, kind, stage, holder_class, visibility, metric';

export class StageDurationHistograms1764410000002 implements MigrationInterface {
  name = 'StageDurationHistograms1764410000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION int_array_add(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
        SELECT COALESCE(array_agg(COALESCE(a[i], 0) + COALESCE(b[i], 0) ORDER BY i), '{}')
        FROM generate_series(1, GREATEST(COALESCE(cardinality(a), 0), COALESCE(cardinality(b), 0))) AS i
      $$`);
    await q.query(`CREATE AGGREGATE int_array_sum(int[]) (SFUNC = int_array_add, STYPE = int[], INITCOND = '{}')`);
    await q.query(`
      CREATE TABLE stage_duration_hist (
        month date NOT NULL,
        kind text NOT NULL,
        requesting_state char(2) NOT NULL,
        requested_state char(2) NOT NULL,
        stage text NOT NULL,
        holder_class text NOT NULL,
        visibility text NOT NULL,
        metric text NOT NULL CHECK (metric IN ('calendar', 'business')),
        hist int[] NOT NULL,
        PRIMARY KEY (${KEY})
      )`);
    await q.query(`
      INSERT INTO stage_duration_hist (${KEY}, hist)
      SELECT ${KEY}, int_array_sum(array_fill(0, ARRAY[days]) || n::int) FROM stage_duration_by_pair GROUP BY ${KEY}`);
    await q.query(`DROP TABLE stage_duration_by_pair`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stage_duration_by_pair (
        month date NOT NULL, kind text NOT NULL, requesting_state char(2) NOT NULL, requested_state char(2) NOT NULL,
        stage text NOT NULL, holder_class text NOT NULL, visibility text NOT NULL,
        metric text NOT NULL CHECK (metric IN ('calendar', 'business')), days int NOT NULL, n bigint NOT NULL,
        PRIMARY KEY (month, requesting_state, requested_state, kind, stage, holder_class, visibility, metric, days)
      )`);
    await q.query(`
      INSERT INTO stage_duration_by_pair (${KEY}, days, n)
      SELECT ${KEY}, d.i - 1, d.n FROM stage_duration_hist, unnest(hist) WITH ORDINALITY AS d(n, i) WHERE d.n > 0`);
    await q.query(`DROP TABLE stage_duration_hist`);
    await q.query(`DROP AGGREGATE int_array_sum(int[])`);
    await q.query(`DROP FUNCTION int_array_add(int[], int[])`);
  }
}
