-- Biểu 06's row trigger, planned once per connection instead of once per dossier write.
--
-- 0041 wrote bieu06_apply as a LANGUAGE sql function. PostgreSQL plans the body of a SQL function that cannot be
-- inlined (this one inserts) again at every call, and each trigger firing is a new call: measured with pgbench (one
-- client, a dossier's marks applied and rolled back), 8.2–13.3 ms a call against 0.3–0.5 ms for the same transaction
-- without it, on 2 busy cores, 1 December 2026. Intake fires it once per dossier, so it was about half of intake's
-- statement. The same body in PL/pgSQL keeps its plan in the connection's plan cache; a generic plan (the row
-- arguments change nothing in the plan's shape) skips the per-call planning of custom plans: 0.7–1.1 ms a call in the
-- same runs. The body and its meaning are unchanged.
CREATE OR REPLACE FUNCTION bieu06_apply(old_row dossiers, new_row dossiers) RETURNS void LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO bieu06_counts AS c (grain, agency_id, period_start, measure, field, n)
    SELECT g.grain, k.agency_id, g.period_start, k.measure, k.field, sum(k.n)::int
    FROM (
        SELECT old_row.receiving_agency_id AS agency_id, p.field, o.day, o.measure, -1 AS n
        FROM bieu06_marks(old_row) o JOIN procedures p ON p.code = old_row.procedure_code
        UNION ALL
        SELECT new_row.receiving_agency_id, p.field, w.day, w.measure, 1
        FROM bieu06_marks(new_row) w JOIN procedures p ON p.code = new_row.procedure_code
    ) k
    CROSS JOIN LATERAL (VALUES ('d'::"char", k.day), ('m', date_trunc('month', k.day)::date), ('y', date_trunc('year', k.day)::date))
        g (grain, period_start)
    GROUP BY g.grain, k.agency_id, g.period_start, k.measure, k.field
    HAVING sum(k.n) <> 0
    ORDER BY g.grain, k.agency_id, g.period_start, k.measure, k.field
    ON CONFLICT (grain, agency_id, period_start, measure, field) DO UPDATE SET n = c.n + excluded.n;
END $$;
