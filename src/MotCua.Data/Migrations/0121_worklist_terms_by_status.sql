-- Issue 15 "Scale", session 36 (docs/PERFORMANCE.md "Reports and worklists at 10,000,000 dossiers, idle"): the worklist
-- "mine" of the centre's officers was the one page over 30 ms p95 at 10,000,000 dossiers on an idle machine (31.9–43.7 ms;
-- every other page 5.9–12.8 ms). Each of its terms is one status at one agency column, and for the holder one step kind
-- (Worklists.Mine), read in due order for a page of 20; the unit's due-order indexes (0062) hold neither status nor step
-- kind, so a term whose rows are few walked the unit's other open rows to find its 20: the desk's "result" step at the
-- centre walked 62,856 rows (60,887 buffers, 20 ms), the head's "assign" step bitmap-read 73,450 in-process rows for none.
-- Led by the agency, the status and the step kind, each such term reads its 20 rows in due order from the index alone:
-- 7 and 6 buffers, 0.08 and 0.06 ms there. They replace 0055's (agency, status) indexes, which they serve as prefixes,
-- so a narrow row's change writes as many index entries as before.
DROP INDEX worklist_dossiers_by_holder;
DROP INDEX worklist_dossiers_by_receiver;
CREATE INDEX worklist_dossiers_holder_step_due ON worklist_dossiers (current_agency_id, status, current_step_kind, due_at, id);
CREATE INDEX worklist_dossiers_receiver_status_due ON worklist_dossiers (receiving_agency_id, status, due_at, id);
