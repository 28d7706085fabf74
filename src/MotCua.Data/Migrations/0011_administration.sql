-- Administering units and people in the product (docs/ADMINISTRATION.md): agencies versioned with the decision each
-- change rests on, reorganisations since 1 July 2025 (mergers and splits), and officers' accounts that can be
-- deactivated. Additive: existing rows keep working unchanged.

-- A merger or a split: which units ended, which took over, from when and on which decision, and what moved (the
-- report lists every dossier, adoption and officer with where it went).
CREATE TABLE reorganisations (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('merger', 'split')),
    effective_on date NOT NULL,
    legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 300),
    from_agency_ids int[] NOT NULL,
    to_agency_ids int[] NOT NULL,
    report jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    user_id int REFERENCES users (id)
);

-- An ended unit receives nothing new; its closed dossiers stay with it and its codes still look up.
ALTER TABLE agencies ADD COLUMN ended_on date;
ALTER TABLE agencies ADD COLUMN ended_by bigint REFERENCES reorganisations (id);
ALTER TABLE agencies ADD CONSTRAINT agencies_ended_pair CHECK ((ended_on IS NULL) = (ended_by IS NULL));

-- Every change of an agency: what it became, from which day, on which decision. The agencies row is the latest one.
CREATE TABLE agency_versions (
    agency_id int NOT NULL REFERENCES agencies (id),
    version int NOT NULL CHECK (version >= 1),
    valid_from date,
    legal_basis text NOT NULL,
    snapshot jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    user_id int REFERENCES users (id),
    PRIMARY KEY (agency_id, version)
);

-- Accounts: contact details, deactivation (a deactivated account cannot sign in) and a security stamp that changes
-- with the password, the role, the agency or the deactivation, so that sessions can be checked against it (issue 12).
ALTER TABLE users ADD COLUMN email text;
ALTER TABLE users ADD COLUMN phone text;
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
ALTER TABLE users ADD COLUMN security_stamp text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);

-- Officers of an agency, for the administration list and for moving them in a reorganisation.
CREATE INDEX users_agency ON users (agency_id);
