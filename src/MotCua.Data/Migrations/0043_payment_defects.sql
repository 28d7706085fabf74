-- Issue 14, defects of the fresh trial (docs/FEES.md): a partner's callback dated before its request was raised or after it
-- was received is flagged for the accountant (PaymentMatching.PaidAtProblem), never taken as paid.
ALTER TABLE payments DROP CONSTRAINT payments_flag_check;
ALTER TABLE payments ADD CONSTRAINT payments_flag_check
    CHECK (flag IN ('underpaid', 'overpaid', 'duplicate', 'dossierClosed', 'late', 'unmatched', 'paidAtImplausible'));
-- A payment the accountant attached to its dossier after it arrived unmatched (a mistyped code): who, when.
ALTER TABLE payments ADD COLUMN attached_at timestamptz, ADD COLUMN attached_by int REFERENCES users (id);
