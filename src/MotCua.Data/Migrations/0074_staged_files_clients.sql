-- Issue 17, piece 0 (docs/FILES.md): an integrated system stages files too. POST /api/v1/files/staged takes uploads from
-- API clients as well as from officers, and intake attaches them when the same client names them in
-- documents[i].stagedFiles; 0065 allowed a citizen or an officer as owner only. Exactly one owner still.
ALTER TABLE staged_files ADD COLUMN owner_client_id int REFERENCES api_clients (id);
ALTER TABLE staged_files DROP CONSTRAINT staged_files_check;
ALTER TABLE staged_files ADD CONSTRAINT staged_files_one_owner
    CHECK (num_nonnulls(owner_citizen_id, owner_user_id, owner_client_id) = 1);
CREATE INDEX staged_files_client ON staged_files (owner_client_id) WHERE owner_client_id IS NOT NULL;
