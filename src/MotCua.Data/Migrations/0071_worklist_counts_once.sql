-- Issue 15 "Scale" (docs/PERFORMANCE.md "Worklists: the app's CPU per request"). 0062's trigger on worklist_dossiers
-- expanded the old and the new narrow row into their counter rows (worklist_count_rows: one per agency the row concerns,
-- and the province) twice per write, once in each of its two INSERTs. The rows are now computed once into a variable and
-- both INSERTs read it. The lock order is 0062's: worklist_counts first, then worklist_due_counts, each INSERT's rows in
-- key order, so two transactions moving the same counters still cannot deadlock on them.

-- One counter row of a narrow row's change (worklist_count_rows' columns), to hold them in a plpgsql array.
CREATE TYPE worklist_count_row AS (
    agency_id int, is_holder boolean, is_receiver boolean, is_co_agency boolean, status smallint,
    current_step_kind smallint, assignee_user_id int, result_kind smallint, due_day date, n int
);

CREATE OR REPLACE FUNCTION worklist_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changes worklist_count_row[];
BEGIN
    -- The old row's counter rows with -1 and the new row's with +1 (an INSERT has no old row, a DELETE no new one).
    changes := ARRAY(
        SELECT ROW(r.*)::worklist_count_row
        FROM (SELECT * FROM worklist_count_rows(CASE WHEN TG_OP <> 'INSERT' THEN OLD END, -1)
              UNION ALL
              SELECT * FROM worklist_count_rows(CASE WHEN TG_OP <> 'DELETE' THEN NEW END, 1)) r);
    INSERT INTO worklist_counts AS c (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind, n)
    SELECT r.agency_id, r.is_holder, r.is_receiver, r.is_co_agency, r.status, r.current_step_kind, r.assignee_user_id, r.result_kind, sum(r.n)::int
    FROM unnest(changes) r
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(r.n) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind)
    DO UPDATE SET n = c.n + EXCLUDED.n;
    INSERT INTO worklist_due_counts AS c (agency_id, is_month, due_period, is_holder, is_receiver, is_co_agency, status, n)
    SELECT r.agency_id, m.is_month, CASE WHEN m.is_month THEN date_trunc('month', r.due_day)::date ELSE r.due_day END,
           r.is_holder, r.is_receiver, r.is_co_agency, r.status, sum(r.n)::int
    FROM unnest(changes) r
    CROSS JOIN (VALUES (false), (true)) m (is_month)
    WHERE r.due_day IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(r.n) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (agency_id, is_month, due_period, is_holder, is_receiver, is_co_agency, status) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END $$;
