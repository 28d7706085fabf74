-- Load bench, session 32 (docs/PERFORMANCE.md "4 December 2026"): every dossier counted once for the province in ONE
-- counter row per shape (agency 0 of migration 0062), so every intake of the province, whatever its unit, moved the
-- same worklist_counts and worklist_due_counts rows and held them until its commit: intakes of different units queued
-- on each other (pg_stat_user_functions: worklist_counts_track 17.5 ms a call under the bench's load, 0.7 ms without the
-- wait; the waiter's context "while inserting index tuple … in relation worklist_counts"). The province's rows are now
-- spread over 16 stripes by dossier id, agency ids -1 to -16 (no agency has a negative id), which the inspector's
-- counts sum; a dossier stays in its stripe for life, so its -1 and +1 meet in one row as before, and the lock order
-- (each INSERT's rows in key order) still rules out a deadlock.
CREATE OR REPLACE FUNCTION worklist_count_keys(w worklist_dossiers)
RETURNS TABLE (agency_id int, is_holder boolean, is_receiver boolean, is_co_agency boolean) LANGUAGE sql IMMUTABLE AS $$
    SELECT -1 - (w.id % 16)::int, false, false, false
    UNION ALL
    SELECT a, a = w.current_agency_id, a = w.receiving_agency_id, a = ANY (w.open_task_agency_ids)
    FROM (SELECT DISTINCT a FROM unnest(ARRAY[w.current_agency_id, w.receiving_agency_id] || w.open_task_agency_ids) a) agencies
    ORDER BY 1
$$;

-- The province's counters of the dossiers already kept, recounted into their stripes.
DELETE FROM worklist_counts WHERE agency_id = 0;
DELETE FROM worklist_due_counts WHERE agency_id = 0;
INSERT INTO worklist_counts (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind, n)
SELECT -1 - (w.id % 16)::int, false, false, false, w.status, w.current_step_kind, w.assignee_user_id, w.result_kind, count(*)
FROM worklist_dossiers w
GROUP BY 1, 5, 6, 7, 8;
INSERT INTO worklist_due_counts (agency_id, is_holder, is_receiver, is_co_agency, status, is_month, due_period, n)
SELECT -1 - (w.id % 16)::int, false, false, false, w.status, m.is_month,
       CASE WHEN m.is_month THEN date_trunc('month', (w.due_at AT TIME ZONE 'UTC' + interval '7 hours')::date)::date
            ELSE (w.due_at AT TIME ZONE 'UTC' + interval '7 hours')::date END, count(*)
FROM worklist_dossiers w CROSS JOIN (VALUES (false), (true)) m (is_month)
WHERE w.due_at IS NOT NULL
GROUP BY 1, 5, 6, 7;
