-- Issue 17, piece 0 (docs/FILES.md, docs/design/ISSUE17.md §2, §3): the content-addressed file store and the citizen
-- accounts the citizen pages, digitisation, ratings and the kiosk build on.
--
-- stored_files: one row per content, named by the SHA-256 of its exact bytes; the bytes live on disk under
-- Motcua:Files:Root as sha256/ab/cd/<hash>, never in a row. The file is written and moved into place before its row
-- is inserted, so a crash leaves at most an orphan file, never a row without its file.
CREATE TABLE stored_files (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL CHECK (size > 0),
    media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    -- A PDF's page count as pdfinfo reads it; null for images.
    pages int CHECK (pages > 0),
    -- An image's dimensions from its PNG IHDR or JPEG SOFn header; null for PDFs.
    width int CHECK (width > 0),
    height int CHECK (height > 0),
    -- 0 not scanned (no scanner configured), 1 clean. Infected files are refused and never get a row.
    scan_verdict smallint NOT NULL CHECK (scan_verdict IN (0, 1)),
    scanner text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((media_type = 'application/pdf') = (pages IS NOT NULL)),
    CHECK ((media_type <> 'application/pdf') = (width IS NOT NULL AND height IS NOT NULL))
);

-- A citizen's account on MotCua (not an officer): who signed in through VNeID (assurance 1, identity proven) or with a
-- one-time code sent to a phone or e-mail (assurance 2, possession only). The id number is the CCCD.
CREATE TABLE citizens (
    id bigserial PRIMARY KEY,
    id_number text NOT NULL UNIQUE CHECK (id_number ~ '^[0-9]{12}$'),
    full_name text,
    phone text,
    email text,
    assurance smallint NOT NULL CHECK (assurance IN (1, 2)),
    -- Changed on sign-out everywhere and on any change of the account: every cookie carrying the old stamp is refused.
    security_stamp text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz
);

-- The account that submitted a dossier online (null for desk, postal, portal and API dossiers), and the citizen who
-- recorded an event (an online answer to a supplement request, a withdrawal request).
ALTER TABLE dossiers ADD COLUMN citizen_id bigint REFERENCES citizens (id);
CREATE INDEX dossiers_citizen ON dossiers (citizen_id) WHERE citizen_id IS NOT NULL;
ALTER TABLE dossier_events ADD COLUMN actor_citizen_id bigint REFERENCES citizens (id);

-- An upload before its dossier exists (a citizen's draft, an officer's desk scan, a supplement answer being prepared):
-- owned by exactly one citizen or one officer, usable by that owner only until expires_at (Motcua:Files:StagedHours).
-- purpose: 1 submission, 2 supplement, 3 desk scan.
CREATE TABLE staged_files (
    id bigserial PRIMARY KEY,
    sha256 text NOT NULL REFERENCES stored_files (sha256),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    purpose smallint NOT NULL CHECK (purpose IN (1, 2, 3)),
    owner_citizen_id bigint REFERENCES citizens (id),
    owner_user_id int REFERENCES users (id),
    -- The dossier a supplement answer is for; null for a submission or a desk scan.
    dossier_id bigint REFERENCES dossiers (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CHECK ((owner_citizen_id IS NULL) <> (owner_user_id IS NULL)),
    CHECK (expires_at > created_at)
);
CREATE INDEX staged_files_citizen ON staged_files (owner_citizen_id) WHERE owner_citizen_id IS NOT NULL;
CREATE INDEX staged_files_user ON staged_files (owner_user_id) WHERE owner_user_id IS NOT NULL;

-- One use of a content in a dossier: the document line it answers (index in dossiers.documents and the catalogue's
-- code when it has one), why it was added (1 submitted, 2 supplement, 3 desk scan, 4 result), who added it, and whether
-- it is a digitised copy (Thông tư 01/2023/TT-VPCP; set by the digitisation piece) or reused from an earlier dossier.
-- owner_id_number is the applicant's id number, kept so reuse finds a citizen's digitised papers by one index.
CREATE TABLE dossier_files (
    id bigserial PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    document_index int CHECK (document_index >= 0),
    required_code text,
    document_name text,
    purpose smallint NOT NULL CHECK (purpose IN (1, 2, 3, 4)),
    sha256 text NOT NULL REFERENCES stored_files (sha256),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    pages int,
    added_at timestamptz NOT NULL,
    added_by_user_id int REFERENCES users (id),
    added_by_citizen_id bigint REFERENCES citizens (id),
    added_by_client_id int REFERENCES api_clients (id),
    digitised boolean NOT NULL DEFAULT false,
    digitised_by_user_id int REFERENCES users (id),
    digitised_at timestamptz,
    reused_from_id bigint REFERENCES dossier_files (id),
    owner_id_number text,
    CHECK (num_nonnulls(added_by_user_id, added_by_citizen_id, added_by_client_id) <= 1),
    CHECK (NOT digitised OR digitised_at IS NOT NULL)
);
CREATE INDEX dossier_files_dossier ON dossier_files (dossier_id);
CREATE INDEX dossier_files_owner ON dossier_files (owner_id_number) WHERE digitised OR purpose = 4;

-- Intake turns staged rows into dossier files in the dossier's own statement (IntakeWrite). Intake checked them before,
-- but one may expire or be used by a concurrent intake in between: the statement then calls this, which fails it, so
-- the dossier is never written with fewer files than were sent (SQLSTATE P0065, answered 422 by intake).
CREATE FUNCTION staged_files_taken(expected int, taken bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF taken <> expected THEN
        RAISE EXCEPTION 'staged files: % expected, % still usable', expected, taken USING ERRCODE = 'P0065';
    END IF;
    RETURN true;
END $$;
