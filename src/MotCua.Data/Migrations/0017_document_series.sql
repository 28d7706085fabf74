-- A number and its symbol are unique in a year (Nghị định 30/2020/NĐ-CP Art. 15): kinds printed with the same symbol
-- (a result notice, a stop notice, an early-return notice: all "…/TB-TTPVHCC") share one series, instead of each kind
-- counting from 01 and printing the same "01/TB-TTPVHCC" twice. Counters are rebuilt from what was issued.
ALTER TABLE document_counters RENAME COLUMN kind TO series;
DELETE FROM document_counters;
INSERT INTO document_counters (agency_id, series, year, last_number)
SELECT agency_id, split_part(number, '/', 2), year, max(serial) FROM issued_documents GROUP BY 1, 2, 3;

ALTER TABLE issued_documents DROP CONSTRAINT IF EXISTS issued_documents_agency_id_kind_year_serial_key;
ALTER TABLE issued_documents ADD COLUMN series text;
UPDATE issued_documents SET series = split_part(number, '/', 2);
ALTER TABLE issued_documents ALTER COLUMN series SET NOT NULL;

-- The signed file as first issued: a reprint is that file, whatever changed since (a signer's title, the dossier's state).
ALTER TABLE issued_documents ADD COLUMN pdf bytea;
