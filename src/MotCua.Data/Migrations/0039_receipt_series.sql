-- Issue 14, receipts: the form number (ký hiệu mẫu biên lai) and the series prefix (the two letters of ký hiệu biên lai)
-- a unit registered with its tax office, set by the administrator (docs/FEES.md "Biên lai and the fee register"). A
-- unit without a row uses ReceiptNumbering's defaults (01BLP0-001, MC). A change applies to receipts issued after it;
-- issued receipts keep what they were numbered in, and a new form or prefix is a new series starting at 1.
CREATE TABLE receipt_series (
    agency_id int PRIMARY KEY REFERENCES agencies (id),
    form_number text NOT NULL CHECK (form_number ~ '^[0-9]{2}[A-Z0-9]{3,6}-[0-9]{3}$'),
    series_prefix text NOT NULL CHECK (series_prefix ~ '^[A-Z]{2}$'),
    updated_at timestamptz NOT NULL,
    updated_by int REFERENCES users (id)
);
