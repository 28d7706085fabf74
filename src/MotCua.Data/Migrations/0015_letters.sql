-- The documents of docs/FORMS.md §7 that need data MotCua did not keep (issue 11). The others (extension request,
-- consultation, early-return notice, evaluation slip) are printed from the dossier as it is.

-- A field verification (kiểm tra, xác minh) held during appraisal, printed as a biên bản (Nghị định 30/2020/NĐ-CP Phụ lục
-- III Mẫu 1.9). agency_id is the agency that held the dossier and verified: its letterhead and number. The Domain
-- (Dossier.ValidateFieldVerification) checks the input; the constraints are the last line.
CREATE TABLE field_verifications (
    id bigserial PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    agency_id int NOT NULL REFERENCES agencies (id),
    place text NOT NULL CHECK (btrim(place) <> ''),
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL CHECK (ended_at > started_at),
    participants text[] NOT NULL CHECK (cardinality(participants) > 0),
    chair text NOT NULL CHECK (btrim(chair) <> ''),
    secretary text NOT NULL CHECK (btrim(secretary) <> ''),
    findings text NOT NULL CHECK (btrim(findings) <> ''),
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    recorded_at timestamptz NOT NULL
);
CREATE INDEX field_verifications_dossier ON field_verifications (dossier_id);

-- A dossier lost (kind 1) or damaged (kind 2) by the agency holding it, as its leader records it for the apology: the
-- agency bears the cost (VND). new_due_at: the new date the result is promised for, when there is one.
CREATE TABLE dossier_losses (
    id bigserial PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    agency_id int NOT NULL REFERENCES agencies (id),
    kind smallint NOT NULL CHECK (kind IN (1, 2)),
    description text NOT NULL CHECK (btrim(description) <> ''),
    remedy text NOT NULL CHECK (btrim(remedy) <> ''),
    cost_vnd bigint NOT NULL CHECK (cost_vnd BETWEEN 0 AND 1000000000000),
    new_due_at timestamptz,
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    recorded_at timestamptz NOT NULL
);
CREATE INDEX dossier_losses_dossier ON dossier_losses (dossier_id);
