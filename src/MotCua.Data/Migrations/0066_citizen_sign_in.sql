-- Issue 17, piece A (docs/design/ISSUE17.md §3, §4; docs/SECURITY.md "Citizen sign-in"): the citizens' sign-in by a
-- one-time code and through VNeID.

-- One-time codes sent by SMS or e-mail (Domain OneTimeCode). Neither the code nor the destination is kept in clear:
-- code_hash is HMAC-SHA-256 under a deployment subkey ("citizen-code") of the code and its destination, so the
-- database or a backup alone gives no live code; destination_hash is the SHA-256 of the destination, to count the codes
-- sent to it. A code ends when used, after 5 wrong tries or at expires_at (5 minutes).
CREATE TABLE citizen_codes (
    id bigserial PRIMARY KEY,
    id_number text NOT NULL CHECK (id_number ~ '^[0-9]{12}$'),
    -- 1 SMS, 2 e-mail (CodeChannel).
    channel smallint NOT NULL CHECK (channel IN (1, 2)),
    destination_hash text NOT NULL CHECK (destination_hash ~ '^[0-9a-f]{64}$'),
    code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
    attempts smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
    used_at timestamptz,
    client_address inet
);
-- The limits: codes per destination in 15 minutes, per client address in an hour.
CREATE INDEX citizen_codes_destination ON citizen_codes (destination_hash, created_at);
CREATE INDEX citizen_codes_client ON citizen_codes (client_address, created_at);

-- VNeID sign-ins under way (authorisation code + PKCE): the state MotCua sent, hashed (SHA-256), and the hashes of the
-- nonce and the PKCE verifier derived from it under a deployment subkey, so the row alone cannot complete a sign-in.
-- A row is used once (deleted by the callback) and is worthless after 5 minutes.
CREATE TABLE vneid_sign_ins (
    state_hash text PRIMARY KEY CHECK (state_hash ~ '^[0-9a-f]{64}$'),
    nonce_hash text NOT NULL CHECK (nonce_hash ~ '^[0-9a-f]{64}$'),
    verifier_hash text NOT NULL CHECK (verifier_hash ~ '^[0-9a-f]{64}$'),
    -- Where the citizen goes once signed in: a path under /cong-dan, checked before it is stored.
    return_to text NOT NULL CHECK (return_to LIKE '/cong-dan%'),
    created_at timestamptz NOT NULL
);
CREATE INDEX vneid_sign_ins_created ON vneid_sign_ins (created_at);
