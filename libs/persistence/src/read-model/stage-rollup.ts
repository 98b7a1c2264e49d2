// The histogram of stage visits (stage_duration_rollup): one row per (month the visit ended,
// pair, requesting office, kind, stage, holder class, visibility, metric, whole days) with how
// many visits took that long. Percentiles of whole days are exact from it, and a year of it is a
// few thousand rows however many cases there are.
//
// One statement feeds it from the visits recorded on case_steps (the step that entered a stage
// carries the visit once the stage is left): the projection with the visit it just closed, in
// the same transaction; a seed or a rebuild with all of them. Sealed cases stay out: they are
// visible only to the people assigned to them, and reports add them from the raw rows for those.

/** The office column's value when a case has no requesting office (the rollup's key is not null). */
export const NO_AUTHORITY = '00000000-0000-0000-0000-000000000000';

/** Adds the visits of case_steps `s` (joined to cases `c`) that `where` selects to the rollup. */
export function stageRollupInsert(where: string): string {
  return `
    INSERT INTO stage_duration_rollup AS r (month, kind, requesting_state, requested_state, requesting_authority_id,
                                            stage, holder_class, visibility, metric, days, n)
    SELECT date_trunc('month', s.stage_left_at AT TIME ZONE 'UTC')::date, c.kind, c.requesting_state, c.requested_state,
           COALESCE(c.requesting_authority_id, '${NO_AUTHORITY}'::uuid), s.to_stage, COALESCE(s.holder_class, 'none'),
           s.report_visibility, m.metric, m.days, count(*)
    FROM case_steps s
    JOIN cases c ON c.id = s.case_id
    CROSS JOIN LATERAL (VALUES ('calendar', s.stage_calendar_days), ('business', s.stage_business_days)) m(metric, days)
    WHERE s.stage_left_at IS NOT NULL AND m.days IS NOT NULL AND NOT c.sealed AND (${where})
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT (month, requesting_state, requested_state, requesting_authority_id, kind, stage, holder_class, visibility, metric, days)
    DO UPDATE SET n = r.n + EXCLUDED.n`;
}
