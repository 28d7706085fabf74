-- The national catalogue imported, versioned and adopted per agency (docs/CATALOG.md).

-- SHA-256 of the spec as last parsed from the national catalogue. A re-import compares against it, so an unchanged
-- catalogue row adds nothing even after an administrator edited the procedure locally; null for rows never imported.
ALTER TABLE procedures ADD COLUMN import_sha256 text;
-- The public catalogue browses by field; the partial-row listing reads the flag.
ALTER TABLE procedures ADD COLUMN partial boolean NOT NULL DEFAULT false;
CREATE INDEX procedures_field ON procedures (field, name);

-- Who made a version and why: an import (with its id) or an administrator's edit.
ALTER TABLE procedure_versions ADD COLUMN source text NOT NULL DEFAULT 'seed';
ALTER TABLE procedure_versions ADD COLUMN user_id int REFERENCES users (id);

-- One row per import run: the numbers, every partly parsed row with its issues, and every changed procedure.
CREATE TABLE catalog_imports (
    id bigserial PRIMARY KEY,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    source text NOT NULL,
    user_id int REFERENCES users (id),
    total int NOT NULL DEFAULT 0,
    full_rows int NOT NULL DEFAULT 0,
    partial_rows int NOT NULL DEFAULT 0,
    raw_text_fields int NOT NULL DEFAULT 0,
    rejected_rows int NOT NULL DEFAULT 0,
    added int NOT NULL DEFAULT 0,
    changed int NOT NULL DEFAULT 0,
    unchanged int NOT NULL DEFAULT 0,
    issues jsonb NOT NULL DEFAULT '[]',
    changes jsonb NOT NULL DEFAULT '[]',
    error text
);

-- An agency's local terms: never longer than the legal time limit (checked by the app against the spec), its own
-- fee text, and its internal process. `process` is the published one the processing slice follows; `process_draft`
-- is what the administrator is still editing and may break the rules.
ALTER TABLE agency_procedures ADD COLUMN time_limit_amount numeric(8, 2) CHECK (time_limit_amount > 0);
ALTER TABLE agency_procedures ADD COLUMN time_limit_unit smallint;
ALTER TABLE agency_procedures ADD COLUMN fee numeric(14, 0) CHECK (fee >= 0);
ALTER TABLE agency_procedures ADD COLUMN fee_text text;
ALTER TABLE agency_procedures ADD COLUMN process jsonb;
ALTER TABLE agency_procedures ADD COLUMN process_draft jsonb;
ALTER TABLE agency_procedures ADD CONSTRAINT agency_procedures_time_limit_pair
    CHECK ((time_limit_amount IS NULL) = (time_limit_unit IS NULL));
CREATE INDEX agency_procedures_procedure ON agency_procedures (procedure_code);

-- Values of the procedure's e-form (ProcedureSpec.FormFields), keyed by field name, as received.
ALTER TABLE dossiers ADD COLUMN form_data jsonb;
