-- Keyed checkpoints of the audit chain (issue 12, trial finding 2). The chain of migration 0019 is plain SHA-256, so
-- whoever can write the database can change a row and recompute every later hash. Now and then the app writes the
-- chain's head here with an HMAC-SHA-256 keyed by a key derived from the deployment key, which is not in the database
-- (AuditCheckpoints.cs); verify-audit checks every checkpoint against the chain. mac covers the previous checkpoint's
-- mac, so a checkpoint removed from the middle shows as well.
CREATE TABLE audit_checkpoints (
    id bigserial PRIMARY KEY,
    chain_seq bigint NOT NULL,
    hash bytea NOT NULL,
    at timestamptz NOT NULL,
    mac bytea NOT NULL
);
