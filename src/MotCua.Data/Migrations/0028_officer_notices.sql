-- Issue 13, officers: the in-app list of reminders, overdue notices, escalations and daily summaries. A notice is keyed
-- by what it is about (kind, officer, dossier, step, due instant; or the summary's day), so any number of app instances
-- scanning at once write it once: INSERT ... ON CONFLICT (key) DO NOTHING.
CREATE TABLE officer_notices (
    id bigserial PRIMARY KEY,
    key text NOT NULL UNIQUE,
    user_id int NOT NULL REFERENCES users (id),
    kind text NOT NULL CHECK (kind IN ('warning', 'overdue', 'escalation', 'summary')),
    dossier_code text,
    step text,
    due_at timestamptz,
    title text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at timestamptz,
    -- The e-mail's outbox row, when the officer has an address.
    message_id uuid REFERENCES outbox (message_id) DEFERRABLE INITIALLY DEFERRED
);
-- The officer's list: unread first, newest first.
CREATE INDEX officer_notices_by_user ON officer_notices (user_id, (read_at IS NOT NULL), created_at DESC, id DESC);
