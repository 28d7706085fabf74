-- CIT35 LOW 6, its sequel (docs/FILES.md "✗ thiếu stops Tiếp nhận"): the desk receives a dossier with a line the list
-- always requires not handed in only once the officer ticks "Vẫn tiếp nhận khi còn thiếu giấy tờ" (Nghị định
-- 61/2018/NĐ-CP, Điều 19, khoản 2), but the dossier kept no trace of which lines were missing: an inspector reading it
-- later could not tell it was received incomplete. The intake event now keeps them (missing_documents: ["name", …], in
-- list order), written with the event by intake's one statement (IntakeWrite writes every column the model maps). NULL on
-- every other event, on a complete intake, and on intakes before this migration: what was missing then was not recorded
-- anywhere and cannot be derived (the box itself was not stored).
ALTER TABLE dossier_events ADD COLUMN missing_documents jsonb;
