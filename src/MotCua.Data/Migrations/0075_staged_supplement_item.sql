-- Issue 17, piece B (docs/CITIZENS.md): a citizen answers a supplement request (Mẫu 02) online with one upload per
-- requested item. Each upload is staged for the dossier (staged_files.dossier_id, purpose 2) before "Gửi bổ sung"; the
-- item it answers (0-based index into the request's items) is kept with it, so the page lists the files under their items
-- and the answer knows which items have a file. Null for a submission or a desk scan.
ALTER TABLE staged_files ADD COLUMN supplement_item int CHECK (supplement_item >= 0);
