-- Issue 11: who signs an agency's documents, the symbol its document numbers carry, and one number per issued document.
-- Nghị định 30/2020/NĐ-CP: numbers run per issuing agency from 01 on 1 January (Art. 15), "Số: 05/PXL-TTPVHCC" (Phụ lục I
-- ô 3); the signer block names the head's title, "KT." when a deputy signs (Art. 13); the place of the date line is the
-- official name of the administrative unit where the agency sits (Phụ lục I II.4(a)).
ALTER TABLE agencies ADD COLUMN head_title text NOT NULL DEFAULT 'Giám đốc';
ALTER TABLE agencies ADD COLUMN head_name text NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN symbol text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN position text;

-- A commune's unit writes the commune's name, a provincial one the province's, without the kind of unit ("Phường
-- Thuận Hóa" → "Thuận Hóa", "Thành phố Huế" → "Huế"); a unit named by a number keeps its kind ("Phường 1").
UPDATE agencies a SET place_name = CASE
        WHEN regexp_replace(c.name, '^(Xã|Phường|Đặc khu) ', '') ~ '^[0-9]+$' THEN c.name
        ELSE regexp_replace(c.name, '^(Xã|Phường|Đặc khu) ', '') END
FROM communes c WHERE c.code = a.commune_code;
UPDATE agencies a SET place_name = regexp_replace(p.name, '^(Tỉnh|Thành phố) ', '')
FROM provinces p WHERE p.code = a.province_code AND a.commune_code IS NULL;

CREATE TABLE document_counters (
    agency_id int NOT NULL REFERENCES agencies (id),
    kind text NOT NULL,
    year int NOT NULL,
    last_number int NOT NULL,
    PRIMARY KEY (agency_id, kind, year)
);

-- The key names the document ("dossier:42:apology"): a reprint gets the number of the first issue.
CREATE TABLE issued_documents (
    key text PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    kind text NOT NULL,
    year int NOT NULL,
    serial int NOT NULL CHECK (serial >= 1),
    number text NOT NULL,
    issued_at timestamptz NOT NULL,
    UNIQUE (agency_id, kind, year, serial)
);
