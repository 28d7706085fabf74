-- Issue 14, tenth trial finding 7 (docs/FEES.md "Tenth trial, rest"): a dossier's fee keeps the catalogue's published cell
-- in published_text and, apart from it, why the amount is what it is when the text alone does not say: why it could not
-- be read (source 'unplaced', and 'officer' that settled it), or "Miễn thu từ ngày … đến hết ngày … (…)" for a waiver for a
-- period (source 'none'). Before, the reason took the published text's place.
ALTER TABLE dossier_fees ADD COLUMN reason text;
COMMENT ON COLUMN dossier_fees.reason IS
    'Why the amount is unknown or waived for a period (Vietnamese, Domain FixedFee.Reason); null when the published text says it.';

-- Rows fixed before: a waiver for a period was stored as its published text, which the dossier page and Mẫu 01 now read
-- from the reason. An unplaced fee's old published text (then the reason) is left as it was: it cannot be told apart from
-- a cell with certainty, and the dossier page still shows it.
UPDATE dossier_fees SET reason = published_text
WHERE reason IS NULL AND source = 'none' AND published_text LIKE 'Miễn thu từ ngày %';
