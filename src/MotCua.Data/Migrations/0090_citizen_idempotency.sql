-- A signed-in citizen's online submission carries an Idempotency-Key too (issue 17, docs/CITIZENS.md): the same rule as
-- the API clients' and the desk's, in the same table. A key now belongs to exactly one of an API client, the officer whose
-- desk form carried it, or the citizen whose online form or app sent it.
ALTER TABLE idempotency_keys ADD COLUMN citizen_id bigint REFERENCES citizens (id);
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_one_sender;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_one_sender CHECK (num_nonnulls(client_id, user_id, citizen_id) = 1);
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_once;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_once UNIQUE NULLS NOT DISTINCT (key, client_id, user_id, citizen_id);
