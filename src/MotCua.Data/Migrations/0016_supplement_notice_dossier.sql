-- Mẫu 02 (issue 11, docs/FORMS.md §4.2): the notice prints the applicant's address and e-mail, and a notice issued
-- during appraisal belongs to its dossier, whose code and receipt it prints. dossiers.supplement_notice_id points at the
-- latest notice only; the notice's own dossier_id keeps the link for every notice. Desk notices have no dossier.
ALTER TABLE supplement_notices
    ADD COLUMN IF NOT EXISTS applicant_address text,
    ADD COLUMN IF NOT EXISTS applicant_email text,
    ADD COLUMN IF NOT EXISTS dossier_id bigint REFERENCES dossiers (id);

UPDATE supplement_notices n
SET dossier_id = d.id
FROM dossiers d
WHERE d.supplement_notice_id = n.id AND n.dossier_id IS NULL;

CREATE INDEX IF NOT EXISTS supplement_notices_dossier ON supplement_notices (dossier_id) WHERE dossier_id IS NOT NULL;
