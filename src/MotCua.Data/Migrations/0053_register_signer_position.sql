-- Issue 15, the official books checked against the law (docs/REGISTERS.md): the authentication books' column "Họ tên,
-- chức danh người ký chứng thực" (Nghị định 23/2015/NĐ-CP, mẫu sổ SCT/BS, SCT/CK,ĐC) prints the signer's title as it was
-- at the act, so it is stored with the entry like the name, never read later from an account that may have changed.
-- Entries made before this column, and entries made at receipt, have none (NULL): the book prints the name alone.
ALTER TABLE register_entries ADD COLUMN entered_by_position text CHECK (length(entered_by_position) <= 200);
