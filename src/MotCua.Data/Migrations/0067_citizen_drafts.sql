-- Issue 17, piece B (docs/CITIZENS.md): a citizen's online submission is a draft until "Nộp hồ sơ". The draft keeps the
-- e-form and applicant fields typed so far (form, field name -> text) and the files uploaded to it one per post (files,
-- [{"line": document line index, "staged": staged_files.id}]); the staged rows themselves expire on their own clock.
-- dossier_code is set in the submission's own transaction, under the draft's row lock: a second tap of "Nộp hồ sơ"
-- waits for the first and is sent to the same dossier (the draft id is the idempotency key). Drafts are kept 30 days.
CREATE TABLE citizen_drafts (
    id bigserial PRIMARY KEY,
    citizen_id bigint NOT NULL REFERENCES citizens (id),
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL,
    procedure_version int NOT NULL,
    form jsonb NOT NULL DEFAULT '{}',
    files jsonb NOT NULL DEFAULT '[]',
    dossier_code text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX citizen_drafts_citizen ON citizen_drafts (citizen_id, updated_at DESC);

-- A supplement answered online: which items of the Mẫu 02 request (0-based) the citizen sent files for, tied to the
-- supplement-received event it recorded; the files themselves are dossier_files rows of purpose 2.
CREATE TABLE dossier_supplement_answers (
    id bigserial PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    event_id bigint REFERENCES dossier_events (id),
    items int[] NOT NULL,
    by_citizen_id bigint NOT NULL REFERENCES citizens (id),
    at timestamptz NOT NULL
);
CREATE INDEX dossier_supplement_answers_dossier ON dossier_supplement_answers (dossier_id);
