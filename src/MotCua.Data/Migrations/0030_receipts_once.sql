-- Issue 13 (SMS and Zalo): a gateway may post the same delivery receipt more than once (it retries when it is not sure
-- MotCua got it); the receipt is stored once, by ON CONFLICT on this index.
CREATE UNIQUE INDEX notification_receipts_once ON notification_receipts (message_id, provider, status, at);
