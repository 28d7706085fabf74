-- Issue 13: the outbox becomes the one delivery mechanism for everything that leaves (notifications, webhooks, the
-- national portal). A row is one message to one target; the worker claims due rows with FOR UPDATE SKIP LOCKED under a
-- lease, so several instances share the work and a killed worker's rows come back when the lease ends.
ALTER TABLE outbox
    -- Stable across attempts and instances: what a receiver de-duplicates on (at-least-once delivery).
    ADD COLUMN message_id uuid NOT NULL DEFAULT gen_random_uuid(),
    -- Which adapter delivers it ('dossier-events' expands a dossier's event into the messages it causes).
    ADD COLUMN target text NOT NULL DEFAULT 'dossier-events',
    -- Messages with the same key leave in id order: a later one waits while an earlier one is neither delivered nor dead.
    ADD COLUMN ordering_key text,
    ADD COLUMN attempts int NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN locked_until timestamptz,
    ADD COLUMN dead_at timestamptz,
    ADD COLUMN last_error text;

UPDATE outbox SET next_attempt_at = created_at,
                  ordering_key = CASE WHEN payload ? 'code' THEN 'dossier:' || (payload->>'code') END;
ALTER TABLE outbox ALTER COLUMN next_attempt_at SET NOT NULL;
ALTER TABLE outbox ALTER COLUMN message_id DROP DEFAULT;
ALTER TABLE outbox ALTER COLUMN target DROP DEFAULT;
ALTER TABLE outbox ADD CONSTRAINT outbox_message_id UNIQUE (message_id);

DROP INDEX outbox_pending;
-- What the worker scans: due rows not yet delivered nor dead, oldest first.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND dead_at IS NULL;
-- What the ordering check probes: an earlier open row of the same key.
CREATE INDEX outbox_open_by_key ON outbox (ordering_key, id) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;

-- Every attempt to deliver a row: when, where to, what came back and how long it took.
CREATE TABLE outbox_attempts (
    id bigserial PRIMARY KEY,
    outbox_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempt int NOT NULL,
    at timestamptz NOT NULL,
    target text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'refused')),
    answer text NOT NULL,
    duration_ms int NOT NULL
);
CREATE INDEX outbox_attempts_by_message ON outbox_attempts (outbox_id, id);

-- The notifications sent about dossiers (issue 13): one row per message to one recipient on one channel, carried by the
-- outbox row of the same message_id. Its state is read from that row and the gateway's receipts: queued (not yet
-- delivered), sent (the channel took it), delivered or failed (a receipt said so, or the outbox gave up).
CREATE TABLE notifications (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL UNIQUE REFERENCES outbox (message_id),
    dossier_code text,
    channel text NOT NULL CHECK (channel IN ('email', 'sms', 'zalo')),
    event text NOT NULL,
    recipient text NOT NULL,
    subject text,
    body text NOT NULL,
    segments int,
    template_id int,
    template_version int,
    created_at timestamptz NOT NULL
);
CREATE INDEX notifications_by_dossier ON notifications (dossier_code, id);

-- Delivery receipts from the SMS and Zalo gateways, keyed by the message id MotCua gave the gateway; the latest wins.
CREATE TABLE notification_receipts (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL,
    provider text NOT NULL,
    provider_message_id text,
    status text NOT NULL CHECK (status IN ('delivered', 'failed')),
    detail text,
    at timestamptz NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX notification_receipts_by_message ON notification_receipts (message_id, id);
