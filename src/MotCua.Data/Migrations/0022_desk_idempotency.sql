-- The desk page sends an idempotency key too (issue 12, item 13): a key now belongs either to an API client or to the
-- officer whose form carried it, never both. The key comes first in the unique index because intake looks keys up by
-- key, and a key is random: the rest of the row only tells whose it is.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ALTER COLUMN client_id DROP NOT NULL;
ALTER TABLE idempotency_keys ADD COLUMN user_id int REFERENCES users (id);
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_one_sender CHECK (num_nonnulls(client_id, user_id) = 1);
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_once UNIQUE NULLS NOT DISTINCT (key, client_id, user_id);
