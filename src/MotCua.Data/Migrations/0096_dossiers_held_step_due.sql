-- Issue 15 "Scale", session 24 (docs/PERFORMANCE.md "The centre desk's 'overdue' tab"): the officers' reminders scan
-- (Features/Reminders/OfficerReminders.ScanAsync, every 60 s) asks each unit for the in-process steps it holds that are
-- due within the lead time: status 4, current_agency_id = unit, current_step_due_at <= horizon, in step-due order.
-- The only index it had was dossiers_by_holder (current_agency_id, status), so it visited the 2 KB row of every
-- in-process dossier the unit holds, each minute: 7,434 buffers (5,472 read from disk) and 151 ms for the centre at
-- 1,000,000 dossiers, some 74,000 at 10,000,000 (580 MB of page visits a minute beside the worklists, on 128 MB of
-- shared buffers). This index reads only the steps in the horizon, already in the scan's order (2 buffers there: the
-- generator's dossiers have no step due instant; on real data, the unit's steps due soon or overdue).
CREATE INDEX dossiers_held_step_due ON dossiers (current_agency_id, current_step_due_at, id)
    WHERE status = 4 AND current_step_due_at IS NOT NULL;
