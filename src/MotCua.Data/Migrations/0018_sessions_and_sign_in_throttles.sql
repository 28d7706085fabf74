-- Sessions and sign-in (issue 12, items 1 and 5; docs/SECURITY.md section 2).

-- Keys of the data protection key ring written before the deployment key sealed them (migration 0008 until the sealing)
-- hold their secret in clear: whoever read the database or a backup could forge a sign-in cookie with them. They are
-- deleted; data protection creates a sealed key at the next start. Sessions and open forms of that time end once.
-- Revocation elements carry no secret and stay.
DELETE FROM data_protection_keys WHERE xml LIKE '<key %' AND xml NOT LIKE '%<sealed %';

-- Failed sign-ins per account (SHA-256 of the user name typed) and per client address, with the lock they earned
-- (SignInBackoff): kept in the database so that a restart or another instance does not forgive them.
CREATE TABLE sign_in_throttles (
    kind text NOT NULL CHECK (kind IN ('account', 'client')),
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    failures int NOT NULL CHECK (failures >= 1),
    last_failure_at timestamptz NOT NULL,
    locked_until timestamptz,
    PRIMARY KEY (kind, key)
);
CREATE INDEX sign_in_throttles_idle ON sign_in_throttles (last_failure_at);
