-- Who reads a dossier after it left them (docs/PROCESSING.md §4, issue 8): besides the agencies holding it now, whoever
-- acted on it (dossier_events.actor_user_id) or was assigned it, and the leaders and department heads of every agency that
-- held it. held_by_agency_ids is kept by the aggregate (receiving point, each step's agency it entered, each co-agency).

ALTER TABLE dossiers ADD COLUMN held_by_agency_ids int[] NOT NULL DEFAULT '{}';
-- Existing dossiers: the receiving point, the holder, every co-agency and the agency of every step up to the current one.
UPDATE dossiers d SET held_by_agency_ids = ARRAY(
    SELECT DISTINCT agency FROM (
        SELECT d.receiving_agency_id AS agency
        UNION SELECT d.current_agency_id
        UNION SELECT (t ->> 'agencyId')::int FROM jsonb_array_elements(d.co_agency_tasks) t
        UNION SELECT (s.step ->> 'agencyId')::int FROM jsonb_array_elements(d.process) WITH ORDINALITY s (step, i)
            WHERE s.i - 1 <= coalesce(d.current_step_index, -1)
    ) held WHERE agency IS NOT NULL ORDER BY agency);
CREATE INDEX dossiers_held_by ON dossiers USING gin (held_by_agency_ids);
-- "Dossiers I acted on" for the officer's list.
CREATE INDEX dossier_events_actor ON dossier_events (actor_user_id, dossier_id) WHERE actor_user_id IS NOT NULL;

-- Finding a dossier on /ho-so: by applicant name with or without diacritics, by CCCD, by phone.
CREATE INDEX dossiers_applicant_name_trgm ON dossiers USING gin (f_unaccent(applicant_full_name) gin_trgm_ops);
CREATE INDEX dossiers_applicant_id_number ON dossiers (applicant_id_number);
CREATE INDEX dossiers_applicant_phone ON dossiers (applicant_phone);
