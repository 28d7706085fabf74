-- Issue 16, piece B (docs/PORTAL.md "Inbound"): where a dossier came from. origin 1: received here (the desk, post, an
-- integrated system's API); 2: pushed by the National Public Service Portal (Cổng DVCQG), under the portal's own dossier
-- code (portal_code, sent back as MaHoSo) and the applicant's portal account (portal_account_id, MaDoiTuong); 3: handled on
-- a ministry's system and received for monitoring only (Nghị định 224/2026 [reported]), named by source_system.
ALTER TABLE dossiers
    ADD COLUMN origin smallint NOT NULL DEFAULT 1 CHECK (origin IN (1, 2, 3)),
    ADD COLUMN portal_code text CHECK (length(portal_code) BETWEEN 1 AND 100),
    ADD COLUMN portal_account_id text CHECK (length(portal_account_id) <= 100),
    ADD COLUMN source_system text CHECK (length(source_system) <= 100),
    ADD CONSTRAINT dossiers_portal_origin CHECK ((origin = 1) = (portal_code IS NULL)),
    ADD CONSTRAINT dossiers_monitored_source CHECK ((origin = 3) = (source_system IS NOT NULL));
-- One dossier per portal code: a push repeated by another key, or racing the first, cannot make a second one.
CREATE UNIQUE INDEX dossiers_portal_code ON dossiers (portal_code) WHERE portal_code IS NOT NULL;

-- What an integrated system may do besides submitting dossiers: 'portal-push' (the portal pushes dossiers and feedback),
-- 'monitoring-ingest' (a ministry's system sends dossiers for monitoring). Granted by the administrator in SQL:
--   INSERT INTO api_client_grants (client_id, grant_name) SELECT id, 'portal-push' FROM api_clients WHERE name = '…';
CREATE TABLE api_client_grants (
    client_id int NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
    grant_name text NOT NULL CHECK (grant_name IN ('portal-push', 'monitoring-ingest')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, grant_name)
);

-- A portal-pushed dossier whose applicant signed in with VNeID (TaiKhoanDuocXacThucVoiVNeID "1") is verified by method 2,
-- which has no population-registry lookup behind it.
ALTER TABLE dossier_applicant_verifications ALTER COLUMN lookup_audit_id DROP NOT NULL,
    ADD CONSTRAINT dossier_applicant_verifications_lookup CHECK (method = 2 OR lookup_audit_id IS NOT NULL);

-- A monitored dossier (origin 3) is nobody's work here: it never enters the worklists' copy (migration 0055), whatever
-- its status; reports read dossiers and count it.
CREATE OR REPLACE FUNCTION worklist_dossiers_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.id <> NEW.id) THEN
        DELETE FROM worklist_dossiers WHERE id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.status IN (3, 8, 10) OR NEW.origin = 3 THEN
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
DROP TRIGGER dossiers_worklist_update ON dossiers;
CREATE TRIGGER dossiers_worklist_update AFTER UPDATE OF id, status, receiving_agency_id, current_agency_id, open_task_agency_ids,
    current_step_kind, assignee_user_id, result_kind, due_at, origin ON dossiers FOR EACH ROW EXECUTE FUNCTION worklist_dossiers_track();
