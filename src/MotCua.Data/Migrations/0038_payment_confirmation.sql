-- Issue 14, confirmation (docs/FEES.md "### Confirmation"): how the accountant resolved a flagged payment. Accepted, the
-- payment counts as paid (the request is settled, the pause ends at the payment's time, a receipt is issued); not
-- accepted, the note says what was done instead (a refund, a payment for another dossier). Null while unresolved.
ALTER TABLE payments ADD COLUMN flag_accepted boolean;
ALTER TABLE payments ADD CONSTRAINT payments_flag_resolution
    CHECK ((flag_resolved_at IS NULL) = (flag_accepted IS NULL) AND (flag_resolved_at IS NULL OR flag IS NOT NULL));
