-- Issue 14, refunds (docs/FEES.md "### Refunds"): money handed back of a payment, by the accountant of the collecting
-- unit, never more than the payment (checked under the payment's row lock by PaymentRefunds.Decide). A full refund
-- cancels the payment's receipt ("Hoàn trả: …", its number kept) and, when the payment settled its request, the
-- request becomes 'refunded'. Rows are never updated or deleted.
CREATE TABLE payment_refunds (
    id bigserial PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payments (id),
    amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
    method text NOT NULL CHECK (method IN ('cash', 'transfer')),
    reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 480),
    refunded_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    refunded_by int NOT NULL REFERENCES users (id),
    -- The receipt the payment had when refunded (null for a flagged payment never receipted), for the register.
    receipt_id bigint REFERENCES receipts (id)
);
CREATE INDEX payment_refunds_by_payment ON payment_refunds (payment_id);
CREATE INDEX payment_refunds_by_time ON payment_refunds (refunded_at);

ALTER TABLE payment_requests DROP CONSTRAINT payment_requests_status_check;
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_status_check CHECK (status IN ('open', 'paid', 'cancelled', 'refunded'));
