-- Issue 17, rat30 (docs/RATINGS.md "Stronger proofs"): each rating records the proof it was made with, 1 the printed code
-- of Mẫu 01, 2 the own link (SMS/e-mail, the citizen's page), 3 the citizen's account (RatingProof). A stronger proof
-- replaces a printed-code rating within the window (RatingProofs.Replaces), in one transaction.
--
-- rating_receipts.proof: which proof rated the dossier, so a printed code after a stronger proof is refused (409) and a
-- stronger proof knows it may replace. Ratings made before this migration count as printed.
ALTER TABLE rating_receipts ADD COLUMN proof smallint NOT NULL DEFAULT 1 CHECK (proof BETWEEN 1 AND 3);
ALTER TABLE rating_receipts ALTER COLUMN proof DROP DEFAULT;
ALTER TABLE ratings ADD COLUMN proof smallint NOT NULL DEFAULT 1 CHECK (proof BETWEEN 1 AND 3);
ALTER TABLE ratings ALTER COLUMN proof DROP DEFAULT;
-- Only on a printed-code rating (the only kind a stronger proof replaces): a token of the dossier under the deployment
-- subkey "ratings-replace" (RatingToken.ReplaceKeyPurpose), so the replacing transaction finds the rating to remove. No
-- column of the database ties it to a dossier without the deployment key [choice, docs/RATINGS.md]. A printed-code rating
-- made before this migration has none and is not replaced (409).
ALTER TABLE ratings ADD COLUMN replace_key text UNIQUE CHECK (replace_key IS NULL OR proof = 1);
-- A replaced rating leaves its cells: the replacing transaction lowers each cell by one and then deletes the cells it
-- emptied, so a cell may hold 0 for the moment between the two statements (never once committed).
ALTER TABLE rating_counts DROP CONSTRAINT rating_counts_n_check;
ALTER TABLE rating_counts ADD CONSTRAINT rating_counts_n_check CHECK (n >= 0);
