-- Two reads that no longer depend on rows they do not need (issue 15 "Scale", docs/PERFORMANCE.md).
--
-- 1. The 766 index's adoption inputs and its list of procedures that charge a fee are functions of the catalogue alone
-- (procedures, their published versions, the units' adoptions and their collection accounts). Each request read and
-- deserialised every adopted procedure (29 ms of SQL and most of the rest of a 233 ms request at 1,000,000 dossiers),
-- although the catalogue changes a few times a month. catalogue_changes.token is replaced by the transaction of every
-- change to those four tables (statement triggers, so an import of 2,000 procedures bumps it once per statement), and
-- Index766Reads keeps what it computed from the catalogue under the token it read in the same snapshot: a request that
-- reads the token sees exactly the catalogue the cached figures were computed from, or computes them again. A uuid, not
-- a counter: a database restored or created anew never meets a cache of another database's catalogue under its number.
CREATE TABLE catalogue_changes (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    token uuid NOT NULL DEFAULT gen_random_uuid(),
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO catalogue_changes DEFAULT VALUES;

-- The row lock serialises catalogue writers for the rest of their transaction: catalogue changes are rare and short.
CREATE FUNCTION catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalogue_changes SET token = gen_random_uuid(), changed_at = now();
    RETURN NULL;
END $$;

CREATE TRIGGER procedures_catalogue AFTER INSERT OR DELETE OR UPDATE OF code, current_version ON procedures
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER procedures_catalogue_truncate AFTER TRUNCATE ON procedures FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER procedure_versions_catalogue AFTER INSERT OR DELETE OR UPDATE ON procedure_versions
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER procedure_versions_catalogue_truncate AFTER TRUNCATE ON procedure_versions FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER agency_procedures_catalogue AFTER INSERT OR DELETE OR UPDATE OF agency_id, procedure_code, fee ON agency_procedures
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER agency_procedures_catalogue_truncate AFTER TRUNCATE ON agency_procedures FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER collection_accounts_catalogue AFTER INSERT OR DELETE OR UPDATE OF agency_id, active ON collection_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
CREATE TRIGGER collection_accounts_catalogue_truncate AFTER TRUNCATE ON collection_accounts FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();

-- 2. The worklists' dossiers: one narrow row (about 70 bytes) per dossier not yet ended (every status but 3 not received,
-- 8 stopped, 10 returned), with exactly the columns the lists filter and sort on, kept by the transaction that changes
-- the dossier (a row trigger, like 0049's). The lists' counts and their page of 20 ids read these rows, about a hundred
-- to a page, where they read one 2 KB dossier row (one heap page) per open dossier of the unit: 9,700 pages per
-- statement for the centre at 1,000,000 dossiers. The page's 20 rows are then read from dossiers by id.
CREATE TABLE worklist_dossiers (
    id bigint PRIMARY KEY,
    status smallint NOT NULL,
    receiving_agency_id int NOT NULL,
    current_agency_id int NOT NULL,
    open_task_agency_ids int[] NOT NULL,
    current_step_kind smallint,
    assignee_user_id int,
    result_kind smallint,
    due_at timestamptz
);
-- The same access paths as the dossiers' indexes of 0004 and 0006 (holder, receiver by status; co-agency tasks), and the
-- province's order for the inspector.
CREATE INDEX worklist_dossiers_by_holder ON worklist_dossiers (current_agency_id, status);
CREATE INDEX worklist_dossiers_by_receiver ON worklist_dossiers (receiving_agency_id, status);
CREATE INDEX worklist_dossiers_open_tasks ON worklist_dossiers USING gin (open_task_agency_ids) WHERE status = 4;
CREATE INDEX worklist_dossiers_by_due ON worklist_dossiers (due_at, id);

CREATE FUNCTION worklist_dossiers_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.id <> NEW.id) THEN
        DELETE FROM worklist_dossiers WHERE id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.status IN (3, 8, 10) THEN
            DELETE FROM worklist_dossiers WHERE id = NEW.id;
        ELSE
            INSERT INTO worklist_dossiers (id, status, receiving_agency_id, current_agency_id, open_task_agency_ids, current_step_kind,
                                           assignee_user_id, result_kind, due_at)
            VALUES (NEW.id, NEW.status, NEW.receiving_agency_id, NEW.current_agency_id, NEW.open_task_agency_ids, NEW.current_step_kind,
                    NEW.assignee_user_id, NEW.result_kind, NEW.due_at)
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, receiving_agency_id = EXCLUDED.receiving_agency_id,
                current_agency_id = EXCLUDED.current_agency_id, open_task_agency_ids = EXCLUDED.open_task_agency_ids,
                current_step_kind = EXCLUDED.current_step_kind, assignee_user_id = EXCLUDED.assignee_user_id,
                result_kind = EXCLUDED.result_kind, due_at = EXCLUDED.due_at;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dossiers_worklist AFTER INSERT OR DELETE ON dossiers FOR EACH ROW EXECUTE FUNCTION worklist_dossiers_track();
-- Only when a column the lists read changes: most saves of a dossier (events, documents, e-form data) touch none of them.
CREATE TRIGGER dossiers_worklist_update AFTER UPDATE OF id, status, receiving_agency_id, current_agency_id, open_task_agency_ids,
    current_step_kind, assignee_user_id, result_kind, due_at ON dossiers FOR EACH ROW EXECUTE FUNCTION worklist_dossiers_track();

-- The dossiers already stored.
INSERT INTO worklist_dossiers (id, status, receiving_agency_id, current_agency_id, open_task_agency_ids, current_step_kind, assignee_user_id, result_kind, due_at)
SELECT id, status, receiving_agency_id, current_agency_id, open_task_agency_ids, current_step_kind, assignee_user_id, result_kind, due_at
FROM dossiers WHERE status NOT IN (3, 8, 10);
