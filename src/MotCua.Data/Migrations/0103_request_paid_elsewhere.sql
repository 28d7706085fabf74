-- Issue 14 (brief fees39): the officer's payment-received record on the status-6 pause's own requests. The obligation met
-- elsewhere (a levy at the tax office or the State Treasury) leaves no money to confirm here, so its requests still open
-- become 'paidElsewhere': no longer payable (no QR on the lookup, the desk or Mẫu 01; not listed on /ke-toan), with the
-- paid instant the officer recorded (the pause's end) and who recorded it. A bank's later callback for such a request is
-- flagged for the accountant (duplicate), never settled; one paid earlier than the record moves the pause's end back.
ALTER TABLE payment_requests ADD COLUMN recorded_paid_at timestamptz, ADD COLUMN recorded_paid_by int REFERENCES users (id);
ALTER TABLE payment_requests DROP CONSTRAINT payment_requests_status_check;
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_status_check
    CHECK (status IN ('open', 'paid', 'cancelled', 'refunded', 'paidElsewhere'));
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_recorded_paid
    CHECK (status <> 'paidElsewhere' OR recorded_paid_at IS NOT NULL);
