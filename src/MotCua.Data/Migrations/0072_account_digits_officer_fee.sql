-- Issue 14, seventh round fixes (docs/FEES.md "Seventh round fixes"): a collection account number is 6 to 19 digits
-- (Domain CollectionAccountInput.MinNumberLength/MaxNumberLength; NAPAS VietQR tag 38.01.01), but 0032's CHECK allowed
-- letters and 1 to 19 characters. The stricter CHECK must not fail on a database that still holds an older row the new
-- rule refuses. Such a row cannot be normalised (0032 already kept only letters and digits, so nothing typed between
-- groups is left to drop, and a letter or a missing digit cannot be guessed), and it is never deleted (payment requests
-- and their printed QR codes point at it). So, in this order:
--   1. each such row still active is deactivated (no new VietQR pays into a number the rule refuses), with an audit row
--      admin.collection-account.deactivate naming this migration, the number and why; the unit gets no QR until the
--      administrator adds a valid account, which the accounts page shows as for any unit without one;
--   2. the CHECK is added NOT VALID (enforced on every insert and update from now on, old rows not re-read), then
--      validated when no such row exists, so a database without one (every new one) has the plain, validated CHECK;
--   3. a WARNING lists the rows kept as they were. Activating one of them again is refused by the application (422
--      naming accountNumber), before the database would.
DO $$
DECLARE
    bad record;
    kept int := 0;
BEGIN
    FOR bad IN SELECT id, agency_id, bank_bin, account_number, active FROM collection_accounts
               WHERE account_number !~ '^[0-9]{6,19}$' ORDER BY id
    LOOP
        kept := kept + 1;
        IF bad.active THEN
            UPDATE collection_accounts SET active = false WHERE id = bad.id;
            INSERT INTO audit_log (at, user_id, action, subject, details)
            VALUES (now(), NULL, 'admin.collection-account.deactivate', 'collection-account:' || bad.id,
                    jsonb_build_object('migration', '0072', 'accountNumber', bad.account_number, 'bankBin', bad.bank_bin,
                                       'reason', 'Số tài khoản phải gồm từ 6 đến 19 chữ số; tài khoản cũ ngừng dùng cho mã VietQR.'));
        END IF;
        RAISE WARNING 'collection_accounts %: số tài khoản "%" không gồm 6–19 chữ số, giữ nguyên, ngừng dùng cho mã QR', bad.id, bad.account_number;
    END LOOP;
    ALTER TABLE collection_accounts DROP CONSTRAINT collection_accounts_account_number_check;
    ALTER TABLE collection_accounts ADD CONSTRAINT collection_accounts_account_number_digits
        CHECK (account_number ~ '^[0-9]{6,19}$') NOT VALID;
    IF kept = 0 THEN
        ALTER TABLE collection_accounts VALIDATE CONSTRAINT collection_accounts_account_number_digits;
    END IF;
END
$$;

-- Issue 14, seventh round fixes: a fee the catalogue's text could not be read to is fixed at intake by the officer
-- (Domain OfficerFee), source 'officer', audited with the intake.
ALTER TABLE dossier_fees DROP CONSTRAINT dossier_fees_source_check;
ALTER TABLE dossier_fees ADD CONSTRAINT dossier_fees_source_check CHECK (source IN ('catalogue', 'local', 'none', 'unplaced', 'officer'));
