-- Issue 14: fees without cash. The tables the fee, payment and receipt features share (docs/FEES.md); each feature
-- adds its own columns and tables in later migrations. Money is integer VND (bigint); instants are timestamptz; a
-- dossier's fee, a payment and a receipt are never deleted (a receipt is cancelled with its reason, a payment refunded).

-- The fee of a dossier, fixed at intake from the adopted procedure version, the channel and the date of intake (a
-- reduction in force for a period applies by that date), or from the unit's local fee set at adoption, which wins.
-- items: [{ "name", "kind": "fee"|"charge" (phí | lệ phí), "amountVnd", "publishedText", "rule" }] as charged, after
-- the online reduction and before any exemption; an exemption (reason and legal basis chosen by the officer) makes
-- the amount due 0 and keeps the items.
CREATE TABLE dossier_fees (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id),
    items jsonb NOT NULL DEFAULT '[]',
    fee_vnd bigint NOT NULL CHECK (fee_vnd >= 0),
    charge_vnd bigint NOT NULL CHECK (charge_vnd >= 0),
    due_vnd bigint NOT NULL CHECK (due_vnd >= 0),
    -- catalogue: the adopted version's rule; local: the unit's fee at adoption; none: the procedure has no fee;
    -- unplaced: the catalogue's fee text could not be read to an amount (shown to the officer, never taken as 0).
    source text NOT NULL CHECK (source IN ('catalogue', 'local', 'none', 'unplaced')),
    published_text text,
    exemption_reason text,
    exemption_legal_basis text,
    CHECK ((exemption_reason IS NULL) = (exemption_legal_basis IS NULL)),
    CHECK (exemption_reason IS NULL OR due_vnd = 0),
    fixed_at timestamptz NOT NULL,
    fixed_by int REFERENCES users (id)
);

-- An agency's collection accounts (tài khoản thu), configured by the administrator; the bank BIN is one of
-- data/vietqr/banks.json. One active account per agency takes the VietQR transfers.
CREATE TABLE collection_accounts (
    id serial PRIMARY KEY,
    agency_id int NOT NULL REFERENCES agencies (id),
    bank_bin text NOT NULL CHECK (bank_bin ~ '^[0-9]{6}$'),
    account_number text NOT NULL CHECK (account_number ~ '^[0-9A-Za-z]{1,19}$'),
    account_name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    created_by int REFERENCES users (id)
);
CREATE UNIQUE INDEX collection_accounts_one_active ON collection_accounts (agency_id) WHERE active;

-- What a dossier asks to be paid: at intake (before or at receipt) or during processing (the financial obligation,
-- status 6). purpose is the transfer description (VietQR tag 62.08) and carries the dossier code; vietqr is the EMV
-- string, null when the agency has no active collection account.
CREATE TABLE payment_requests (
    id bigserial PRIMARY KEY,
    dossier_id bigint NOT NULL REFERENCES dossiers (id),
    reason text NOT NULL CHECK (reason IN ('intake', 'financialObligation')),
    amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
    items jsonb NOT NULL DEFAULT '[]',
    account_id int REFERENCES collection_accounts (id),
    purpose text NOT NULL,
    vietqr text,
    status text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
    created_at timestamptz NOT NULL,
    created_by int REFERENCES users (id),
    paid_at timestamptz,
    cancelled_at timestamptz,
    cancel_reason text
);
CREATE INDEX payment_requests_by_dossier ON payment_requests (dossier_id, id);

-- A partner that confirms payments by callback (a bank, the national payment platform): its HMAC key is sealed with
-- the deployment key as the signers' keys are.
CREATE TABLE payment_partners (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9-]{2,40}$'),
    title text NOT NULL,
    secret_sealed bytea NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);

-- Money received: by a partner's callback (idempotent by its transaction id) or confirmed by the accountant (cash or a
-- transfer seen on the account). flag: what the accountant must look at, never silently accepted or dropped.
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    request_id bigint REFERENCES payment_requests (id),
    dossier_id bigint REFERENCES dossiers (id),
    amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
    method text NOT NULL CHECK (method IN ('cash', 'transfer', 'online')),
    partner_id int REFERENCES payment_partners (id),
    partner_transaction_id text,
    purpose text,
    payer_name text,
    paid_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    confirmed_by int REFERENCES users (id),
    flag text CHECK (flag IN ('underpaid', 'overpaid', 'duplicate', 'dossierClosed', 'late', 'unmatched')),
    flag_resolved_at timestamptz,
    flag_resolved_by int REFERENCES users (id),
    flag_note text,
    raw jsonb,
    UNIQUE (partner_id, partner_transaction_id),
    CHECK ((partner_id IS NULL) = (partner_transaction_id IS NULL))
);
CREATE INDEX payments_by_dossier ON payments (dossier_id, id);
CREATE INDEX payments_flagged ON payments (id) WHERE flag IS NOT NULL AND flag_resolved_at IS NULL;

-- The e-receipt of a payment (biên lai thu phí, lệ phí điện tử): numbered without gaps per agency, form and series.
CREATE TABLE receipts (
    id bigserial PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payments (id),
    agency_id int NOT NULL REFERENCES agencies (id),
    form_number text NOT NULL,
    series text NOT NULL,
    number int NOT NULL CHECK (number >= 1),
    issued_at timestamptz NOT NULL,
    issued_by int REFERENCES users (id),
    payer_name text NOT NULL,
    amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
    items jsonb NOT NULL,
    verification_token text NOT NULL UNIQUE,
    cancelled_at timestamptz,
    cancelled_by int REFERENCES users (id),
    cancel_reason text,
    CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL)),
    UNIQUE (agency_id, form_number, series, number)
);
CREATE UNIQUE INDEX receipts_one_per_payment ON receipts (payment_id) WHERE cancelled_at IS NULL;
