-- MotCua initial schema. Instants are timestamptz (UTC); calendars are computed in Vietnam time by the Domain.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE; an IMMUTABLE wrapper lets indexes use it. PG 15's unaccent folds đ/Đ too.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE provinces (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
    name text NOT NULL
);

CREATE TABLE communes (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
    province_code text NOT NULL REFERENCES provinces (code),
    name text NOT NULL,
    kind text NOT NULL
);

CREATE TABLE agencies (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (length(code) <= 35 AND code ~ '^[0-9A-Z]+(\.[0-9A-Z]+)*$'),
    name text NOT NULL,
    superior_name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('province_center', 'department', 'commune')),
    province_code text NOT NULL REFERENCES provinces (code),
    commune_code text REFERENCES communes (code),
    parent_id int REFERENCES agencies (id),
    address text NOT NULL DEFAULT '',
    phone text NOT NULL DEFAULT '',
    place_name text NOT NULL,
    receives_dossiers boolean NOT NULL DEFAULT false,
    office_hours text,
    cutoff time
);

CREATE TABLE procedures (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]+\.[0-9]+$'),
    name text NOT NULL,
    field text NOT NULL,
    levels int NOT NULL,
    current_version int NOT NULL,
    search_text text NOT NULL
);
CREATE INDEX procedures_search_trgm ON procedures USING gin (f_unaccent(search_text) gin_trgm_ops);

-- A dossier keeps the version it was received under; a catalogue change adds a version, never edits one.
CREATE TABLE procedure_versions (
    procedure_code text NOT NULL REFERENCES procedures (code),
    version int NOT NULL,
    spec jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (procedure_code, version)
);

-- Which agency receives which procedure.
CREATE TABLE agency_procedures (
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL REFERENCES procedures (code),
    cutoff time,
    PRIMARY KEY (agency_id, procedure_code)
);

CREATE TABLE users (
    id serial PRIMARY KEY,
    user_name text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    full_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('receiving_officer', 'specialist', 'department_head', 'leader', 'accountant', 'admin', 'inspector')),
    agency_id int REFERENCES agencies (id),
    created_at timestamptz NOT NULL
);

-- Integrated systems; only a SHA-256 of the key is stored.
CREATE TABLE api_clients (
    id serial PRIMARY KEY,
    name text NOT NULL,
    key_sha256 text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);

CREATE TABLE dossiers (
    id bigserial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    receiving_agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL,
    procedure_version int NOT NULL,
    procedure_name text NOT NULL,
    channel smallint NOT NULL CHECK (channel BETWEEN 1 AND 3),
    status smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
    applicant_full_name text NOT NULL,
    applicant_id_number text NOT NULL,
    applicant_phone text NOT NULL,
    applicant_email text,
    applicant_address text NOT NULL,
    documents jsonb NOT NULL,
    sets int NOT NULL CHECK (sets >= 1),
    submitted_at timestamptz NOT NULL,
    received_at timestamptz,
    time_limit_amount numeric(8, 2) NOT NULL,
    time_limit_unit smallint NOT NULL,
    due_at timestamptz,
    due_explanation jsonb NOT NULL DEFAULT '[]',
    refusal_reason text,
    refusal_legal_basis text,
    api_client_id int REFERENCES api_clients (id),
    -- Line in the unit's Sổ theo dõi hồ sơ: a book per year, numbered from 01.
    register_year int,
    register_number int,
    UNIQUE (receiving_agency_id, register_year, register_number),
    FOREIGN KEY (procedure_code, procedure_version) REFERENCES procedure_versions (procedure_code, version)
);
-- The officer's list: an agency's dossiers, newest first.
CREATE INDEX dossiers_agency_submitted ON dossiers (receiving_agency_id, submitted_at DESC, id DESC);

CREATE TABLE dossier_events (
    id bigserial PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    at timestamptz NOT NULL,
    actor_name text NOT NULL,
    actor_user_id int REFERENCES users (id),
    actor_client_id int REFERENCES api_clients (id),
    action text NOT NULL,
    from_status smallint,
    to_status smallint NOT NULL,
    note text
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);

-- Serial of the national dossier code, per receiving agency per day: one row-locked upsert hands out each number.
CREATE TABLE dossier_serials (
    agency_id int NOT NULL REFERENCES agencies (id),
    day date NOT NULL,
    last_serial int NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE register_counters (
    agency_id int NOT NULL REFERENCES agencies (id),
    year int NOT NULL,
    last_number int NOT NULL,
    PRIMARY KEY (agency_id, year)
);

-- Incomplete dossiers at the desk leave no dossier behind, but the Mẫu 02 given out is kept and reprintable.
CREATE TABLE supplement_notices (
    id bigserial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL REFERENCES procedures (code),
    applicant_full_name text NOT NULL,
    applicant_phone text,
    items jsonb NOT NULL,
    officer_user_id int REFERENCES users (id),
    created_at timestamptz NOT NULL
);

-- A repeated create from outside returns the first answer.
CREATE TABLE idempotency_keys (
    client_id int NOT NULL REFERENCES api_clients (id),
    key text NOT NULL,
    request_sha256 text NOT NULL,
    dossier_code text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, key)
);

-- Side effects (notifications, portal sync) leave through here, written in the same transaction as the change.
CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    topic text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    delivered_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;

-- Official decisions on holidays, swapped days and make-up working days; they replace the default rule for their year.
CREATE TABLE calendar_days (
    date date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'makeupWorkday')),
    name text NOT NULL
);

-- Who read or changed what: officers' reads of personal data, calendar and catalogue changes.
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    user_id int REFERENCES users (id),
    action text NOT NULL,
    subject text NOT NULL,
    details jsonb
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
