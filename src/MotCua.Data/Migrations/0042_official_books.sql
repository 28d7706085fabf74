-- Issue 15, registers without double entry (docs/REGISTERS.md): the official books (sổ hộ tịch, sổ chứng thực, the
-- land reception book) are generated from the dossiers; what is stored is only what must never change once given: each
-- entry's number, taken in the transaction of the act that enters it (approval or receipt) by a locked upsert of the
-- book's counter, as register_counters does for the Sổ theo dõi; and the corrections, kept beside the entry.

-- The last number given per receiving unit, book and year; a rolled-back act returns its number, so numbers run 1..n.
CREATE TABLE register_book_counters (
    agency_id int NOT NULL REFERENCES agencies (id),
    book text NOT NULL,
    year int NOT NULL,
    last_number int NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (agency_id, book, year)
);

-- One row per dossier entered in a book. The unique keys are the last line of defence: a number is never given twice
-- in a book, and a dossier enters a book once.
CREATE TABLE register_entries (
    id bigserial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    book text NOT NULL CHECK (length(book) <= 50),
    year int NOT NULL,
    number int NOT NULL CHECK (number >= 1),
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    entered_at timestamptz NOT NULL,
    entered_by text NOT NULL,
    CONSTRAINT register_entries_number_once UNIQUE (agency_id, book, year, number),
    CONSTRAINT register_entries_dossier_once UNIQUE (book, dossier_id)
);

-- A correction annotates one column of an entry (Ghi chú); the entry itself is never updated. Who and why are kept here
-- and in the audit log.
CREATE TABLE register_corrections (
    id bigserial PRIMARY KEY,
    entry_id bigint NOT NULL REFERENCES register_entries (id),
    field text NOT NULL CHECK (length(field) <= 50),
    value text NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    corrected_at timestamptz NOT NULL,
    corrected_by int NOT NULL REFERENCES users (id),
    corrected_by_name text NOT NULL
);
CREATE INDEX register_corrections_entry ON register_corrections (entry_id, id);
