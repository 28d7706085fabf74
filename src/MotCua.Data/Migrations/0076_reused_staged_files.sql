-- Issue 17 piece C (docs/FILES.md "Digitisation at the desk"): "Dùng lại" at the desk stages a reference to an earlier
-- file of the same applicant (a digitised copy or a result) instead of an upload: a staged row of the officer, purpose 3,
-- naming the same content and the dossier file it comes from. Intake turns it into a dossier_files row with
-- reused_from_id. No bytes are copied and the content is not read again: a reference queues no OCR.
ALTER TABLE staged_files ADD COLUMN reused_from_id bigint REFERENCES dossier_files (id);

DROP TRIGGER staged_files_ocr ON staged_files;
CREATE TRIGGER staged_files_ocr AFTER INSERT ON staged_files
    FOR EACH ROW WHEN (NEW.purpose = 3 AND NEW.reused_from_id IS NULL) EXECUTE FUNCTION ocr_queue_desk_scan();
