-- Processing after receipt (docs/PROCESSING.md): the internal process a dossier follows, its current step and holder,
-- the pauses that stop the clock, the one-time extension, the result and its return.

-- The count's start (the submission, or the completion of a supplement) and the due date statistics judge against.
ALTER TABLE dossiers ADD COLUMN clock_started_at timestamptz;
UPDATE dossiers SET clock_started_at = submitted_at;
ALTER TABLE dossiers ALTER COLUMN clock_started_at SET NOT NULL;
ALTER TABLE dossiers ADD COLUMN original_due_at timestamptz;
UPDATE dossiers SET original_due_at = due_at;

-- The process is copied at transfer (steps with their agency ids), so a later catalogue change does not move a dossier.
ALTER TABLE dossiers ADD COLUMN process jsonb NOT NULL DEFAULT '[]';
ALTER TABLE dossiers ADD COLUMN current_step_index int;
ALTER TABLE dossiers ADD COLUMN current_step_name text;
ALTER TABLE dossiers ADD COLUMN current_step_kind smallint;
-- The agency holding the dossier now: the receiving one-stop unit until transfer and from the result on, else the
-- agency of the current step. Row-level access and the worklists go by it.
ALTER TABLE dossiers ADD COLUMN current_agency_id int REFERENCES agencies (id);
UPDATE dossiers SET current_agency_id = receiving_agency_id;
ALTER TABLE dossiers ALTER COLUMN current_agency_id SET NOT NULL;
ALTER TABLE dossiers ADD COLUMN current_step_started_at timestamptz;
ALTER TABLE dossiers ADD COLUMN current_step_due_at timestamptz;
ALTER TABLE dossiers ADD COLUMN assignee_user_id int REFERENCES users (id);
ALTER TABLE dossiers ADD COLUMN assignee_name text;
ALTER TABLE dossiers ADD COLUMN transferred_at timestamptz;

-- Interconnected procedures (liên thông): co-agency tasks in parallel, each with its own deadline and answer
-- ([{stepIndex, name, performer, agencyId, openedAt, dueAt, doneAt, doneBy, answer}]); the agencies with an open task
-- are kept as an array for access checks and worklists. The receiving point (receiving_agency_id) and the agency that
-- resolves (a higher level handed off to, or the approving agency) are stored separately.
ALTER TABLE dossiers ADD COLUMN co_agency_tasks jsonb NOT NULL DEFAULT '[]';
ALTER TABLE dossiers ADD COLUMN open_task_agency_ids int[] NOT NULL DEFAULT '{}';
ALTER TABLE dossiers ADD COLUMN resolving_agency_id int REFERENCES agencies (id);

-- Waiting for the citizen, as data: [{from, to, reason}], to = null while open. The due date is recomputed from them.
ALTER TABLE dossiers ADD COLUMN pauses jsonb NOT NULL DEFAULT '[]';
-- Mẫu 02 during appraisal: once and in full, so one list per dossier; the printable notice is a supplement_notices row.
ALTER TABLE dossiers ADD COLUMN supplement_items jsonb NOT NULL DEFAULT '[]';
ALTER TABLE dossiers ADD COLUMN supplement_requested_at timestamptz;
ALTER TABLE dossiers ADD COLUMN supplement_received_at timestamptz;
ALTER TABLE dossiers ADD COLUMN supplement_notice_id bigint REFERENCES supplement_notices (id);
ALTER TABLE dossiers ADD COLUMN obligation_note text;

-- Mẫu 04, once only: due_at becomes the new date, original_due_at stays.
ALTER TABLE dossiers ADD COLUMN extended_at timestamptz;
ALTER TABLE dossiers ADD COLUMN extension_reason text;
ALTER TABLE dossiers ADD COLUMN extension_due_at timestamptz;

ALTER TABLE dossiers ADD COLUMN result_kind smallint CHECK (result_kind IN (1, 2));
ALTER TABLE dossiers ADD COLUMN result_note text;
ALTER TABLE dossiers ADD COLUMN result_ready_at timestamptz;
ALTER TABLE dossiers ADD COLUMN returned_at timestamptz;
ALTER TABLE dossiers ADD COLUMN return_method smallint CHECK (return_method IN (1, 2, 3));
ALTER TABLE dossiers ADD COLUMN returned_to text;
ALTER TABLE dossiers ADD COLUMN dispatch_number text;
ALTER TABLE dossiers ADD COLUMN postal_status text;
ALTER TABLE dossiers ADD COLUMN withdrawal_reason text;
ALTER TABLE dossiers ADD COLUMN stop_reason text;

-- The step an event concerned, for the history and the control slip (Phiếu kiểm soát).
ALTER TABLE dossier_events ADD COLUMN step_name text;

-- Worklists (Features/Processing/Worklists.cs). Open dossiers are a small share of all, so partial indexes stay small.
-- Online submissions waiting to be checked, oldest first.
CREATE INDEX dossiers_to_receive ON dossiers (receiving_agency_id, submitted_at, id) WHERE status = 1;
-- A unit's open dossiers by urgency: the department's list, due within a working day, overdue, waiting for the citizen.
CREATE INDEX dossiers_open_by_holder ON dossiers (current_agency_id, due_at, id) WHERE status IN (2, 4, 5, 6, 7, 9);
-- The one-stop unit follows everything it received until it is returned.
CREATE INDEX dossiers_open_by_receiver ON dossiers (receiving_agency_id, due_at, id) WHERE status IN (2, 4, 5, 6, 7, 9);
-- Co-agencies find the tasks waiting for their answer.
CREATE INDEX dossiers_open_tasks ON dossiers USING gin (open_task_agency_ids) WHERE status = 4;
-- A specialist's own list.
CREATE INDEX dossiers_open_by_assignee ON dossiers (assignee_user_id, due_at, id) WHERE status IN (4, 5, 6) AND assignee_user_id IS NOT NULL;
