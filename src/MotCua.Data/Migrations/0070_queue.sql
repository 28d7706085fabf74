-- Issue 17, piece E (docs/CITIZENS.md "Queue and kiosk", docs/design/ISSUE17.md §1.6, §3, §8, §9): queue tickets per
-- centre and service, the counters that call them, and the kiosks enrolled at a centre.

-- A service a centre queues for: its letter prints before the number (A007) and the fields (lĩnh vực codes) it serves.
CREATE TABLE queue_services (
    id serial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    letter char(1) NOT NULL CHECK (letter ~ '^[A-Z]$'),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    field_codes text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    UNIQUE (agency_id, letter)
);

-- A counter (quầy) of a centre, the services it calls, the officer at it today and whether it is open.
CREATE TABLE queue_counters (
    id serial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    number smallint NOT NULL CHECK (number BETWEEN 1 AND 999),
    name text NOT NULL DEFAULT '',
    service_ids int[] NOT NULL DEFAULT '{}',
    officer_user_id int REFERENCES users (id),
    open boolean NOT NULL DEFAULT false,
    UNIQUE (agency_id, number)
);

-- The last serial given per centre, Vietnam day and service: bumped by the ticket's own statement, so numbers run from 1
-- with no gap (the same pattern as the dossiers' serials).
CREATE TABLE queue_serials (
    agency_id int NOT NULL REFERENCES agencies (id),
    day date NOT NULL,
    service_id int NOT NULL REFERENCES queue_services (id),
    last int NOT NULL CHECK (last BETWEEN 1 AND 9999),
    PRIMARY KEY (agency_id, day, service_id)
);

-- An enrolled kiosk: the one-time enrolment link's secret (SHA-256), when it was used, last seen, revoked.
CREATE TABLE kiosk_devices (
    id serial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    secret_hash text CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    enrolled_at timestamptz,
    last_seen_at timestamptz,
    revoked_at timestamptz
);

-- A ticket. state: 1 waiting, 2 called, 3 serving, 4 done, 5 no-show, 6 cancelled (TicketState); channel: 1 kiosk,
-- 2 remote, 3 desk (TicketChannel). token_hash: SHA-256 of the ticket page's token (the holder's only key). phone: the
-- remote holder's optional phone (one open ticket per phone and service). satisfaction: 2 hài lòng, 1 bình thường,
-- 0 không hài lòng, once, on a served ticket; the ticket carries no name.
CREATE TABLE queue_tickets (
    id bigserial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    service_id int NOT NULL REFERENCES queue_services (id),
    day date NOT NULL,
    number int NOT NULL CHECK (number BETWEEN 1 AND 9999),
    channel smallint NOT NULL CHECK (channel BETWEEN 1 AND 3),
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    phone text,
    device_id int REFERENCES kiosk_devices (id),
    taken_at timestamptz NOT NULL,
    called_at timestamptz,
    -- The latest call ("Gọi lại" moves the number back to the top of the call screen); called_at keeps the first.
    last_called_at timestamptz,
    call_count smallint NOT NULL DEFAULT 0,
    counter_id int REFERENCES queue_counters (id),
    called_by int REFERENCES users (id),
    served_start_at timestamptz,
    served_end_at timestamptz,
    state smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 6),
    satisfaction smallint CHECK (satisfaction BETWEEN 0 AND 2),
    dossier_id bigint REFERENCES dossiers (id),
    UNIQUE (agency_id, day, service_id, number)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (agency_id, day, service_id, state, taken_at);
CREATE INDEX queue_tickets_phone ON queue_tickets (service_id, phone) WHERE phone IS NOT NULL AND state IN (1, 2);
CREATE INDEX queue_tickets_called ON queue_tickets (agency_id, last_called_at DESC) WHERE last_called_at IS NOT NULL;
