-- Issue 13, who is told what: the channels the applicant agreed at intake to be notified by. Dossiers recorded before
-- were never asked, so they are told nothing.
ALTER TABLE dossiers
    ADD COLUMN notifications_sms boolean NOT NULL DEFAULT false,
    ADD COLUMN notifications_zalo boolean NOT NULL DEFAULT false,
    ADD COLUMN notifications_email boolean NOT NULL DEFAULT false;

-- The opt-out link of a dossier's messages on one channel: a random token, made with the first message on the channel;
-- opted_out_at set when the citizen confirms on /thong-bao/huy/{token}, after which that channel carries nothing more.
CREATE TABLE notification_opt_outs (
    dossier_code text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('email', 'sms', 'zalo')),
    token text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    opted_out_at timestamptz,
    PRIMARY KEY (dossier_code, channel)
);

-- A planner adds its outbox row and its notifications row to one unit of work; EF does not know the two are related and
-- may insert the notification first. Checked at commit instead, the constraint still holds.
ALTER TABLE notifications ALTER CONSTRAINT notifications_message_id_fkey DEFERRABLE INITIALLY DEFERRED;
