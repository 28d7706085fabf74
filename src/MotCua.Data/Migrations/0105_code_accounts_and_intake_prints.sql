-- Issue 17, the rat28 trial's MEDIUM 4 (docs/CITIZENS.md "One-time-code accounts"): one account per CCCD let the first
-- phone that claimed a CCCD with a one-time code lock every other phone and e-mail out of code sign-in. A one-time code
-- proves a phone or an e-mail, not the CCCD: a code account is one per (CCCD, phone) or (CCCD, e-mail); only the account
-- VNeID proved (assurance 1) owns its CCCD, one per CCCD.
ALTER TABLE citizens DROP CONSTRAINT IF EXISTS citizens_id_number_key;
CREATE UNIQUE INDEX citizens_proven ON citizens (id_number) WHERE assurance = 1;
CREATE UNIQUE INDEX citizens_code_phone ON citizens (id_number, phone) WHERE assurance = 2 AND phone IS NOT NULL;
CREATE UNIQUE INDEX citizens_code_email ON citizens (id_number, lower(email)) WHERE assurance = 2 AND email IS NOT NULL;

-- Issue 17, HIGH A (docs/RATINGS.md "Who may rate"): the rating code is printed only on the Mẫu 01 the receiving desk
-- prints as part of a desk intake, for the applicant at the counter. The intake writes this row for the officer who
-- received the dossier; the first print of Mẫu 01 by that officer, asked for as the intake's print, within expires_at,
-- uses it (used_at) and carries the code. Every other print, by anyone, never does.
CREATE TABLE intake_prints (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id),
    user_id int NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    CHECK (expires_at > created_at)
);
