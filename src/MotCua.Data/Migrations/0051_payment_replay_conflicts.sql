-- Issue 14, fresh trial item 4 (docs/FEES.md "Replays that conflict"): a partner's callback that repeats a transaction id
-- with a different amount, purpose, paid-at or payer is not the first payment replayed. It is answered 409 and kept here
-- for the accountant, never dropped: the same id cannot name two payments, and which one the bank meant is for a person
-- to find out. One row per distinct body (a conflicting callback retried ten times is one row).
CREATE TABLE payment_replay_conflicts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payments (id),
    partner_id int NOT NULL REFERENCES payment_partners (id),
    transaction_id text NOT NULL,
    fields text[] NOT NULL,
    amount_vnd bigint NOT NULL,
    purpose text,
    paid_at timestamptz NOT NULL,
    payer_name text,
    raw jsonb NOT NULL,
    received_at timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by int REFERENCES users (id),
    note text,
    CHECK ((resolved_at IS NULL) = (note IS NULL))
);
CREATE UNIQUE INDEX payment_replay_conflicts_one_per_body ON payment_replay_conflicts (payment_id, md5(raw::text));
CREATE INDEX payment_replay_conflicts_open ON payment_replay_conflicts (payment_id) WHERE resolved_at IS NULL;
