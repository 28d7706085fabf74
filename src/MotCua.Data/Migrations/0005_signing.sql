-- The demo signing keys of results: a demo CA and the certificate the system signs result PDFs with (PKCS#12, demo
-- mode only; a real deployment signs with the agency's certificate on a token or a remote signing service).
CREATE TABLE signing_certificates (
    name text PRIMARY KEY CHECK (name IN ('ca', 'signer')),
    pkcs12 bytea NOT NULL,
    created_at timestamptz NOT NULL
);
