-- Issue 14 (brief fees39): the account number a payment partner says it credited (the callback's optional
-- creditedAccount, digits only). Money credited to an account that is not an active collection account of the dossier's
-- receiving unit is flagged 'creditedElsewhere' for the accountant, never settled silently.
ALTER TABLE payments ADD COLUMN credited_account text CHECK (credited_account ~ '^[0-9]{6,19}$');
ALTER TABLE payments DROP CONSTRAINT payments_flag_check;
ALTER TABLE payments ADD CONSTRAINT payments_flag_check
    CHECK (flag IN ('underpaid', 'overpaid', 'duplicate', 'dossierClosed', 'late', 'unmatched', 'paidAtImplausible', 'creditedElsewhere'));
