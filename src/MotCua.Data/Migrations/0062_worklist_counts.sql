-- Issue 15 "Scale", the worklists' tab counts kept (docs/PERFORMANCE.md "Worklists with kept counts"). At 3,000,000
-- dossiers each page counted its six lists over every narrow row of the unit's open dossiers (32,548 for the centre,
-- 57.7–463.1 ms p95): what a count reads grew with the unit's open dossiers. These counters are kept by the transaction
-- that changes the narrow copy of migration 0055 (a row trigger on worklist_dossiers, itself kept by the dossiers'
-- trigger), so a count reads a unit's few hundred counter rows, whatever the number of dossiers.
--
-- Each narrow row counts once for each agency it concerns (its holder, its receiving unit, each agency with an open
-- co-agency task) with the relation as flags, so that a list's condition, an OR over the relations, counts a dossier once
-- per agency; and once for the province (agency 0, every flag false), which the inspector's lists read.
--
-- 1. By shape: every column the lists' conditions test but the due instant (to-receive, mine, department, waiting for
--    the citizen). A few hundred rows per unit.
CREATE TABLE worklist_counts (
    agency_id int NOT NULL,
    is_holder boolean NOT NULL,
    is_receiver boolean NOT NULL,
    is_co_agency boolean NOT NULL,
    status smallint NOT NULL,
    current_step_kind smallint,
    assignee_user_id int,
    result_kind smallint,
    n int NOT NULL
);
CREATE UNIQUE INDEX worklist_counts_key ON worklist_counts
    (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind) NULLS NOT DISTINCT;

-- 2. By due day and by due month (Vietnam time) of the rows with a due instant, for "overdue": the months before the
--    current one and the days of the current month before today are wholly past due; only today's rows are read from the
--    copy. Days alone would make one counter row per due day for the years of long-overdue dossiers; months alone would
--    leave the whole current month to read. At most (flags × statuses) × (months + 31) rows per unit.
CREATE TABLE worklist_due_counts (
    agency_id int NOT NULL,
    is_holder boolean NOT NULL,
    is_receiver boolean NOT NULL,
    is_co_agency boolean NOT NULL,
    status smallint NOT NULL,
    is_month boolean NOT NULL,
    -- The due day, or the first day of the due month when is_month.
    due_period date NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (agency_id, is_month, due_period, is_holder, is_receiver, is_co_agency, status)
);

-- The agencies a narrow row counts for, with its relation to each.
CREATE FUNCTION worklist_count_keys(w worklist_dossiers)
RETURNS TABLE (agency_id int, is_holder boolean, is_receiver boolean, is_co_agency boolean) LANGUAGE sql IMMUTABLE AS $$
    SELECT 0, false, false, false
    UNION ALL
    SELECT a, a = w.current_agency_id, a = w.receiving_agency_id, a = ANY (w.open_task_agency_ids)
    FROM (SELECT DISTINCT a FROM unnest(ARRAY[w.current_agency_id, w.receiving_agency_id] || w.open_task_agency_ids) a) agencies
    ORDER BY 1
$$;

-- The counter rows a narrow row stands for, with `delta` (-1 for the old row, +1 for the new one).
CREATE FUNCTION worklist_count_rows(w worklist_dossiers, delta int)
RETURNS TABLE (agency_id int, is_holder boolean, is_receiver boolean, is_co_agency boolean, status smallint,
               current_step_kind smallint, assignee_user_id int, result_kind smallint, due_day date, n int)
LANGUAGE sql IMMUTABLE AS $$
    SELECT k.agency_id, k.is_holder, k.is_receiver, k.is_co_agency, w.status, w.current_step_kind, w.assignee_user_id,
           w.result_kind,
           -- The due day in Vietnam time (UTC+7, no daylight saving), as the app reads "today".
           (w.due_at AT TIME ZONE 'UTC' + interval '7 hours')::date, delta
    FROM worklist_count_keys(w) k
    WHERE w.id IS NOT NULL
$$;

-- Moves the counters by a narrow row's change in one statement per table: the old row's counts with -1 and the new row's
-- with +1 summed per counter, unchanged counters skipped, and the row locks taken in key order, so two transactions
-- moving the same counters (a dossier sent forward beside one sent back) cannot deadlock on them (as 0049 does).
CREATE FUNCTION worklist_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO worklist_counts AS c (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind, n)
    SELECT r.agency_id, r.is_holder, r.is_receiver, r.is_co_agency, r.status, r.current_step_kind, r.assignee_user_id, r.result_kind, sum(r.n)::int
    FROM (SELECT * FROM worklist_count_rows(CASE WHEN TG_OP <> 'INSERT' THEN OLD END, -1)
          UNION ALL
          SELECT * FROM worklist_count_rows(CASE WHEN TG_OP <> 'DELETE' THEN NEW END, 1)) r
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(r.n) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind)
    DO UPDATE SET n = c.n + EXCLUDED.n;
    INSERT INTO worklist_due_counts AS c (agency_id, is_month, due_period, is_holder, is_receiver, is_co_agency, status, n)
    SELECT r.agency_id, m.is_month, CASE WHEN m.is_month THEN date_trunc('month', r.due_day)::date ELSE r.due_day END,
           r.is_holder, r.is_receiver, r.is_co_agency, r.status, sum(r.n)::int
    FROM (SELECT * FROM worklist_count_rows(CASE WHEN TG_OP <> 'INSERT' THEN OLD END, -1)
          UNION ALL
          SELECT * FROM worklist_count_rows(CASE WHEN TG_OP <> 'DELETE' THEN NEW END, 1)) r
    CROSS JOIN (VALUES (false), (true)) m (is_month)
    WHERE r.due_day IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(r.n) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (agency_id, is_month, due_period, is_holder, is_receiver, is_co_agency, status) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE TRIGGER worklist_dossiers_counts AFTER INSERT OR UPDATE OR DELETE ON worklist_dossiers FOR EACH ROW EXECUTE FUNCTION worklist_counts_track();

-- 3. The pages in each list's order: a unit's page of 20 is read from each relation's index in due order (a merge of
-- the holder's, the receiver's and the co-agency terms), not by sorting every open row of the unit.
CREATE INDEX worklist_dossiers_holder_due ON worklist_dossiers (current_agency_id, due_at, id);
CREATE INDEX worklist_dossiers_receiver_due ON worklist_dossiers (receiving_agency_id, due_at, id);

-- The dossiers already stored.
INSERT INTO worklist_counts (agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind, n)
SELECT k.agency_id, k.is_holder, k.is_receiver, k.is_co_agency, w.status, w.current_step_kind, w.assignee_user_id, w.result_kind, count(*)
FROM worklist_dossiers w CROSS JOIN LATERAL worklist_count_keys(w) k
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO worklist_due_counts (agency_id, is_holder, is_receiver, is_co_agency, status, is_month, due_period, n)
SELECT k.agency_id, k.is_holder, k.is_receiver, k.is_co_agency, w.status, m.is_month,
       CASE WHEN m.is_month THEN date_trunc('month', (w.due_at AT TIME ZONE 'UTC' + interval '7 hours')::date)::date
            ELSE (w.due_at AT TIME ZONE 'UTC' + interval '7 hours')::date END, count(*)
FROM worklist_dossiers w CROSS JOIN LATERAL worklist_count_keys(w) k CROSS JOIN (VALUES (false), (true)) m (is_month)
WHERE w.due_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;
