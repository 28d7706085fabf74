-- The key ring of ASP.NET Core data protection, which encrypts sign-in cookies and antiforgery tokens. It lived in the
-- home folder of whoever ran the app, so a run under another account or in a fresh container, or a second instance
-- behind a load balancer, had other keys: the browser's cookies from the earlier run could not be decrypted and the
-- app logged an antiforgery exception for each such request right after start-up. Kept with the data, every run and
-- every instance reads the same keys. Rows are only ever added; the key manager retires keys by writing new ones.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL UNIQUE,
    xml text NOT NULL
);
