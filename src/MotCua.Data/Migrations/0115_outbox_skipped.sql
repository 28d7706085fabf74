-- Session 32 (trial 17t LOW 12): a message that is no longer wanted when it would leave (a rating invitation for a dossier
-- already rated for good, whose link would answer 409) is not sent: its attempt is recorded as 'skipped' with the reason,
-- and the row is closed as handled (delivered_at), so it is neither retried nor dead-lettered.
ALTER TABLE outbox_attempts DROP CONSTRAINT outbox_attempts_outcome_check;
ALTER TABLE outbox_attempts ADD CONSTRAINT outbox_attempts_outcome_check CHECK (outcome IN ('delivered', 'failed', 'refused', 'skipped'));
