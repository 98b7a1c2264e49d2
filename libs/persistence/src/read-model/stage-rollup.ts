// The histogram of stage visits (stage_duration_rollup): one row per (month the visit ended,
// pair, requesting office, kind, stage, holder class, visibility, metric, whole days) with how
// many visits took that long; stage_duration_hist is the same without the office, for state-wide
// readers, as one int[] per key (element d+1 counts the visits of d days). Percentiles of whole
// days are exact from either, and their size is bounded by months x pairs (or offices) x stages
// (x distinct day counts), not by the number of cases.
//
// One statement feeds it from the visits recorded on case_steps (the step that entered a stage
// carries the visit once the stage is left): the projection with the visit it just closed, in
// the same transaction; a seed or a rebuild with all of them. Sealed cases stay out: they are
// visible only to the people assigned to them, and reports add them from the raw rows for those.

/** The office column's value when a case has no requesting office (the rollup's key is not null). */
export const NO_AUTHORITY = '00000000-0000-0000-0000-000000000000';

/** Adds the visits of case_steps `s` (joined to cases `c`) that `where` selects to both rollups. */
export function stageRollupInsert(where: string): string {
  return `
    WITH visits AS (
      SELECT date_trunc('month', s.stage_left_at AT TIME ZONE 'UTC')::date AS month, c.kind, c.requesting_state,
             c.requested_state, COALESCE(c.requesting_authority_id, '${NO_AUTHORITY}'::uuid) AS office, s.to_stage AS stage,
             COALESCE(s.holder_class, 'none') AS holder_class, s.report_visibility AS visibility, m.metric, m.days,
             count(*) AS n
      FROM case_steps s
      JOIN cases c ON c.id = s.case_id
      CROSS JOIN LATERAL (VALUES ('calendar', s.stage_calendar_days), ('business', s.stage_business_days)) m(metric, days)
      WHERE s.stage_left_at IS NOT NULL AND m.days IS NOT NULL AND NOT c.sealed AND (${where})
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    by_office AS (
      INSERT INTO stage_duration_rollup AS r (month, kind, requesting_state, requested_state, requesting_authority_id,
                                              stage, holder_class, visibility, metric, days, n)
      SELECT month, kind, requesting_state, requested_state, office, stage, holder_class, visibility, metric, days, n FROM visits
      ON CONFLICT (month, requesting_state, requested_state, requesting_authority_id, kind, stage, holder_class, visibility, metric, days)
      DO UPDATE SET n = r.n + EXCLUDED.n)
    INSERT INTO stage_duration_hist AS h (month, kind, requesting_state, requested_state, stage, holder_class, visibility, metric, hist)
    SELECT month, kind, requesting_state, requested_state, stage, holder_class, visibility, metric,
           int_array_sum(array_fill(0, ARRAY[days]) || n::int)
    FROM visits GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (month, requesting_state, requested_state, kind, stage, holder_class, visibility, metric)
    DO UPDATE SET hist = int_array_add(h.hist, EXCLUDED.hist)`;
}
