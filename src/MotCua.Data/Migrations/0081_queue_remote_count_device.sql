-- Issue 17 (docs/CITIZENS.md "Queue and kiosk"): the remote quota is enforced by the statement that takes the ticket.
-- queue_serials.remote counts the remote tickets of the centre, day and service; the ticket's own upsert bumps it only
-- while it is below the quota (ON CONFLICT DO UPDATE … WHERE reads the row's latest version under its lock), so two
-- phones at the same instant cannot both pass a quota of one left.
ALTER TABLE queue_serials ADD COLUMN remote int NOT NULL DEFAULT 0 CHECK (remote >= 0);
UPDATE queue_serials s SET remote = (SELECT count(*) FROM queue_tickets t
    WHERE t.agency_id = s.agency_id AND t.day = s.day AND t.service_id = s.service_id AND t.channel = 2);

-- A phone without a number is known by a random cookie of the remote page (kept as its SHA-256): one open ticket per
-- device and service, as a phone number gives.
ALTER TABLE queue_tickets ADD COLUMN device_key text CHECK (device_key ~ '^[0-9a-f]{64}$');
CREATE INDEX queue_tickets_device_key ON queue_tickets (service_id, device_key) WHERE device_key IS NOT NULL AND state IN (1, 2);
