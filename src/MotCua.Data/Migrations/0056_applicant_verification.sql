-- Issue 16, piece C (docs/POPULATION.md): a dossier whose applicant the desk verified against the national population
-- database (CSDL quốc gia về dân cư) says so, with when and which lookup (the audit_log row of action 'citizen.lookup'
-- that answered). No row: the applicant was entered by hand, unverified ("chưa xác thực"). method 1 is the population
-- database at the desk; 2 is reserved for VNeID through the National Portal (piece 0 of the design).
CREATE TABLE dossier_applicant_verifications (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id),
    method smallint NOT NULL CHECK (method IN (1, 2)),
    verified_at timestamptz NOT NULL,
    lookup_audit_id bigint NOT NULL,
    verified_by int REFERENCES users (id)
);
