-- Applicants that are not persons (issue 8): a household business, an enterprise or another organisation hands in a
-- dossier under its own name and identifier (enterprise code, household business number) through a representative.
-- Additive: every existing dossier was handed in by a person (kind 1) and has no representative.
ALTER TABLE dossiers
    ADD COLUMN IF NOT EXISTS applicant_kind smallint NOT NULL DEFAULT 1,
    ADD COLUMN IF NOT EXISTS applicant_representative text;

-- A supplement request handed out at the desk (Mẫu 02) names the applicant the same way.
ALTER TABLE supplement_notices
    ADD COLUMN IF NOT EXISTS applicant_kind smallint NOT NULL DEFAULT 1,
    ADD COLUMN IF NOT EXISTS applicant_id_number text,
    ADD COLUMN IF NOT EXISTS applicant_representative text;

ALTER TABLE dossiers DROP CONSTRAINT IF EXISTS dossiers_applicant_kind_check;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_applicant_kind_check CHECK (applicant_kind BETWEEN 1 AND 4);
