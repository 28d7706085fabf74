-- Issue 15, session 23: one authentication number per original (Nghị định 23/2015/NĐ-CP Điều 20 khoản 3; Thông tư
-- 01/2020/TT-BTP Điều 4). A copy request of three originals takes three numbers, so a dossier may now enter a book
-- several times: `item` is the row of the e-form's repeated group the entry names (0 for the first original, and for
-- every entry made before, which named the dossier's only original). Numbers stay unique per book and year; a dossier
-- enters a book once per item. Stored dossiers are not rewritten: a form of one original reads as item 0.
ALTER TABLE register_entries ADD COLUMN item smallint NOT NULL DEFAULT 0 CHECK (item >= 0 AND item < 100);
ALTER TABLE register_entries DROP CONSTRAINT register_entries_dossier_once;
ALTER TABLE register_entries ADD CONSTRAINT register_entries_dossier_item_once UNIQUE (book, dossier_id, item);
