-- The worklists' narrow copy at ten times its size, beside a kept bench cluster's own (docs/PERFORMANCE.md "The centre
-- desk's 'overdue' tab"): schema bench10 holds every row of worklist_dossiers ten times over (ids + k × 100,000,000;
-- the same agencies, statuses and due instants), i.e. the open dossiers of a province ten times as large with the same
-- shares over the same three years, with the same indexes. A worklist statement run with
-- `SET search_path = bench10, public` reads it in place of the real copy, and the counters (bounded: agencies × flags ×
-- statuses × due periods, the same rows at any size) and the page's 20 dossiers from public, so its plan and buffers are
-- those of ten times the dossiers without a tenfold fill. (A page's copies k > 0 have no dossier: it joins fewer rows.)
--   psql … -f bench/reports/narrow-x10.sql      (DROP SCHEMA bench10 CASCADE after)
DROP SCHEMA IF EXISTS bench10 CASCADE;
CREATE SCHEMA bench10;
CREATE TABLE bench10.worklist_dossiers (LIKE public.worklist_dossiers INCLUDING ALL);
INSERT INTO bench10.worklist_dossiers
SELECT w.id + k * 100000000, w.status, w.receiving_agency_id, w.current_agency_id, w.open_task_agency_ids, w.current_step_kind,
       w.assignee_user_id, w.result_kind, w.due_at
FROM public.worklist_dossiers w CROSS JOIN generate_series(0, 9) k;
VACUUM ANALYZE bench10.worklist_dossiers;
