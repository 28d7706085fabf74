-- The dashboard's row trigger (0045), planned once per connection instead of once per dossier write, for the reason
-- 0047 gives for Biểu 06's: a LANGUAGE sql function that inserts is planned again at every call, and this one fires on
-- every intake and every status change. The body and its meaning are unchanged.
CREATE OR REPLACE FUNCTION procedure_outcomes_apply(old_row dossiers, new_row dossiers) RETURNS void LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO procedure_outcome_counts AS c (grain, agency_id, period_start, procedure_code, measure, n)
    SELECT g.grain, k.agency_id, g.period_start, k.procedure_code, k.measure, sum(k.n)::int
    FROM (
        SELECT old_row.receiving_agency_id AS agency_id, old_row.procedure_code, o.day, o.measure, -1 AS n
        FROM bieu06_marks(old_row) o WHERE o.measure BETWEEN 4 AND 6
        UNION ALL
        SELECT new_row.receiving_agency_id, new_row.procedure_code, w.day, w.measure, 1
        FROM bieu06_marks(new_row) w WHERE w.measure BETWEEN 4 AND 6
    ) k
    CROSS JOIN LATERAL (VALUES ('d'::"char", k.day), ('m', date_trunc('month', k.day)::date)) g (grain, period_start)
    GROUP BY g.grain, k.agency_id, g.period_start, k.procedure_code, k.measure
    HAVING sum(k.n) <> 0
    ORDER BY g.grain, k.agency_id, g.period_start, k.procedure_code, k.measure
    ON CONFLICT (grain, agency_id, period_start, procedure_code, measure) DO UPDATE SET n = c.n + excluded.n;
END $$;
