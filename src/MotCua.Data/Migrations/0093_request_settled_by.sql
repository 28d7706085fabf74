-- Issue 14, fifteenth trial (MEDIUM 1): one transfer may pay several open requests of its dossier (the sum of the fee and
-- the obligation, or an accepted overpayment whose excess pays another open request in full). `settled_by` is the payment
-- that settled the request when that payment settled more than one: its receipt lists every such request's items, the
-- money kept under it (not refundable as an excess) is their sum, and a full refund marks each of them refunded. Null
-- for a request settled by its own payment (payments.request_id), as every request settled before.
ALTER TABLE payment_requests ADD COLUMN settled_by bigint REFERENCES payments (id);
CREATE INDEX payment_requests_settled_by ON payment_requests (settled_by) WHERE settled_by IS NOT NULL;
