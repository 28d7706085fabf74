-- Issue 14, receipts: the last number issued per agency, form number and series (docs/FEES.md "Biên lai and the fee
-- register"). One locked upsert in the transaction that records the payment takes the next number, as dossier_serials
-- does for dossier codes, so numbers run without a gap and are never shared; a rolled-back payment returns its number.
CREATE TABLE receipt_counters (
    agency_id int NOT NULL REFERENCES agencies (id),
    form_number text NOT NULL,
    series text NOT NULL,
    last_number int NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (agency_id, form_number, series)
);
