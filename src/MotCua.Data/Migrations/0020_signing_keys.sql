-- Signing keys sealed with the deployment key (issue 12, item 7). A row is a certificate (DER, public: verification reads
-- it without any secret) and its private key as a PKCS#12 sealed with AES-256-GCM under the deployment key, which is not
-- in the database (MotCua.Web Infrastructure/DeploymentKey.cs, purpose "signing-key"); sealed_by names which key sealed it.
-- purpose: 'ca' the demo certificate authority, 'system' the deployment's own certificate (documents an agency issues as
-- a unit), 'officer' a signer's personal certificate (user_id), imported from a PFX by the administrator or, in demo
-- mode, issued by the demo CA. A revoked row is kept so that what it signed before stays attributable.
CREATE TABLE signing_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose text NOT NULL CHECK (purpose IN ('ca', 'system', 'officer')),
    user_id int REFERENCES users (id),
    source text NOT NULL CHECK (source IN ('demo', 'imported')),
    certificate bytea NOT NULL,
    sealed_key bytea NOT NULL,
    sealed_by text NOT NULL,
    subject text NOT NULL,
    issuer text NOT NULL,
    serial_number text NOT NULL,
    thumbprint text NOT NULL,
    not_before timestamptz NOT NULL,
    not_after timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    created_by int REFERENCES users (id),
    revoked_at timestamptz,
    revoked_by int REFERENCES users (id),
    CHECK ((purpose = 'officer') = (user_id IS NOT NULL))
);
-- One key in use per purpose and signer: an import replaces (revokes) the one before in the same transaction.
CREATE UNIQUE INDEX signing_keys_in_use ON signing_keys (purpose, coalesce(user_id, 0)) WHERE revoked_at IS NULL;
CREATE INDEX signing_keys_thumbprint ON signing_keys (thumbprint);

-- The demo keys of migration 0005 were stored in clear. The app seals them into signing_keys on its next start and
-- deletes them there (DemoSigning.SealLegacyAsync): SQL cannot seal, the key is outside the database. Nothing writes
-- to signing_certificates any more; a later migration drops it once every deployment has started on this version.
