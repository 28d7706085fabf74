-- Issue 17, piece C (docs/FILES.md "Digitisation", docs/design/ISSUE17.md §3, §6): the OCR of desk scans.
--
-- One row per content (sha256), not per dossier: the job starts when the scan is staged, before the dossier exists, so
-- the desk's pre-fill works while the officer is still typing, and the same scan in two dossiers is read once.
-- The OcrWorker claims rows FOR UPDATE SKIP LOCKED; a running row whose locked_until has passed (a killed worker) is
-- claimed again.
CREATE TABLE ocr_results (
    sha256 text PRIMARY KEY REFERENCES stored_files (sha256),
    -- 1 queued, 2 running, 3 done, 4 failed, 5 page-mismatch (the searchable copy discarded, the scan kept).
    state smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 5),
    attempts smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    locked_until timestamptz,
    not_before timestamptz NOT NULL DEFAULT now(),
    searchable_sha256 text REFERENCES stored_files (sha256),
    pages_in int,
    pages_out int,
    -- The OCR text (tesseract's sidecar), NFC.
    text text,
    -- OcrFields.Extract's candidates: [{field, value, label}].
    fields jsonb,
    -- The command's last 2 KB of standard error, or why it was not run.
    last_error text,
    duration_ms int,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK (state <> 3 OR searchable_sha256 IS NOT NULL),
    CHECK (state = 3 OR searchable_sha256 IS NULL)
);
CREATE INDEX ocr_results_due ON ocr_results (state, not_before) WHERE state IN (1, 2);

-- A desk scan (staged_files.purpose 3) queues its content's OCR at once, whatever route staged it; a content already
-- queued or read keeps its row.
CREATE FUNCTION ocr_queue_desk_scan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ocr_results (sha256) VALUES (NEW.sha256) ON CONFLICT (sha256) DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER staged_files_ocr AFTER INSERT ON staged_files
    FOR EACH ROW WHEN (NEW.purpose = 3) EXECUTE FUNCTION ocr_queue_desk_scan();
