-- Audit of personal-data reads (Nghị định 13/2023/NĐ-CP) and a hash chain over the whole audit log (issue 12, item 6).
-- Who: user_id (an officer) or api_client_id (an integrated system); from where: client_address and endpoint
-- ("GET /ho-so/{code}" and the path asked); which dossier: subject, or details.codes for a list; which fields: details.fields.
ALTER TABLE audit_log
    ADD COLUMN api_client_id int REFERENCES api_clients (id),
    ADD COLUMN client_address text,
    ADD COLUMN endpoint text,
    ADD COLUMN chain_seq bigint,
    ADD COLUMN hash bytea;

-- One field of the hashed content: "-" for null, else its length in UTF-8 bytes, ":" and the text, so that no two rows
-- can give the same content by moving characters between fields. AuditChain.Content (C#) writes the same; change both.
CREATE FUNCTION audit_log_field(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT octet_length(value) || ':' || value $$;

-- The content a row's hash covers, in a fixed order; the instant as microseconds since 1970 (no time zone or format).
CREATE FUNCTION audit_log_content(seq bigint, id bigint, at timestamptz, user_id int, api_client_id int, action text,
    subject text, details jsonb, client_address text, endpoint text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT coalesce(audit_log_field(seq::text), '-') || coalesce(audit_log_field(id::text), '-')
       || coalesce(audit_log_field(((extract(epoch FROM at) * 1000000)::bigint)::text), '-')
       || coalesce(audit_log_field(user_id::text), '-') || coalesce(audit_log_field(api_client_id::text), '-')
       || coalesce(audit_log_field(action), '-') || coalesce(audit_log_field(subject), '-')
       || coalesce(audit_log_field(details::text), '-') || coalesce(audit_log_field(client_address), '-')
       || coalesce(audit_log_field(endpoint), '-') $$;

-- The rows that exist get their links in id order.
DO $$
DECLARE
    r record;
    previous bytea := ''::bytea;
    n bigint := 0;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        n := n + 1;
        previous := sha256(previous || convert_to(audit_log_content(n, r.id, r.at, r.user_id, r.api_client_id, r.action,
            r.subject, r.details, r.client_address, r.endpoint), 'UTF8'));
        UPDATE audit_log SET chain_seq = n, hash = previous WHERE id = r.id;
    END LOOP;
END $$;

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL,
    ADD CONSTRAINT audit_log_chain_seq UNIQUE (chain_seq);

-- Every insert, whoever writes it (EF, SQL, a later migration), links to the row before it: hash = SHA-256(previous hash
-- || content). The transaction-level advisory lock serialises appenders until commit, so the chain stays one line under
-- concurrent writers; the statement after the lock sees the last committed link (READ COMMITTED takes a new snapshot
-- per statement). In a REPEATABLE READ transaction a stale read would repeat a chain_seq and fail on the UNIQUE
-- constraint instead of forking the chain.
CREATE FUNCTION audit_log_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last record;
BEGIN
    PERFORM pg_advisory_xact_lock(5570664027464820);
    SELECT chain_seq, hash INTO last FROM audit_log ORDER BY chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(last.chain_seq, 0) + 1;
    NEW.hash := sha256(coalesce(last.hash, ''::bytea) || convert_to(audit_log_content(NEW.chain_seq, NEW.id, NEW.at,
        NEW.user_id, NEW.api_client_id, NEW.action, NEW.subject, NEW.details, NEW.client_address, NEW.endpoint), 'UTF8'));
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_link BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_link();

-- The inspector's filters: by officer or system and time, and by a dossier shown in a list.
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_client ON audit_log (api_client_id, at);
CREATE INDEX audit_log_codes ON audit_log USING gin ((details -> 'codes') jsonb_path_ops);
CREATE INDEX audit_log_at ON audit_log (at);
