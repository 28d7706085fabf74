-- Issue 13: webhooks for integrated systems. A subscription names a receiver's URL and the dossier events it wants; the
-- worker delivers each event to it on the outbox target 'webhook:{id}', signed with HMAC-SHA256 under its secret.
CREATE TABLE webhook_subscriptions (
    id serial PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    url text NOT NULL CHECK (url ~ '^https?://'),
    -- The signing secret sealed with the deployment key (AES-256-GCM, purpose 'webhook-secret'): a copy of the database
    -- alone cannot forge a delivery. Shown to the administrator once, at creation.
    secret bytea NOT NULL,
    -- Topics delivered: 'dossier.status', 'dossier.reorganised'.
    events text[] NOT NULL CHECK (cardinality(events) > 0),
    -- Only these statuses (national codes) of 'dossier.status'; null: every status.
    statuses int[],
    -- Only dossiers received by this agency (its code); null: every agency.
    agency_code text,
    active boolean NOT NULL DEFAULT true,
    -- Why it stopped: the administrator, or the receiver answering 410 Gone.
    deactivated_reason text,
    created_at timestamptz NOT NULL,
    created_by int REFERENCES users (id)
);
CREATE INDEX webhook_subscriptions_active ON webhook_subscriptions (id) WHERE active;
