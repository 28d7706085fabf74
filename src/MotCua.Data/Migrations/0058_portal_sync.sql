-- Issue 16, piece A (docs/PORTAL.md): the National Public Service Portal sync rides the outbox (target 'dvcqg', ordering
-- key 'dvcqg:{code}'); a dossier's sync state is derived from its rows, never stored twice. This index reads them.
CREATE INDEX outbox_dvcqg_by_key ON outbox (ordering_key, id) WHERE target = 'dvcqg';

-- Every re-push an administrator asked for: who, when, which dossiers (the filter as given) and how many.
CREATE TABLE portal_repushes (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    user_id int REFERENCES users (id),
    filter jsonb NOT NULL,
    dossiers int NOT NULL CHECK (dossiers >= 0)
);
