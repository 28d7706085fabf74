-- Issue 15, the 766 index's indicator 5.1 "Phản ánh, kiến nghị được xử lý đúng hạn" (docs/REPORTS.md §5): feedback
-- cases closed at their agency in the month, and of those the ones whose every step met its deadline
-- (MotCua.Domain.Feedback.FeedbackClosure). Counted exactly from the rows at each request, not kept as counts like the
-- dossier inputs (0049): a province registers feedback by the hundreds or thousands a month, not dossiers by the
-- hundred thousand, so the month's closed cases read through this index are a few pages.
--
-- closed_at: when nothing more is done about the case at its agency: the answer published (status 7), refused
-- (status 2) or transferred to a body outside MotCua (status 4, transferred_internal false), at the classification.
-- A transfer inside MotCua moves the row to the receiving agency, which classifies it again: still open. A generated
-- column, so every write of the register keeps it in its own statement, whatever writes the row.
ALTER TABLE feedback ADD COLUMN closed_at timestamptz GENERATED ALWAYS AS (
    CASE
        WHEN status = 7 THEN published_at
        WHEN status = 2 THEN classified_at
        WHEN status = 4 AND transferred_internal IS FALSE THEN classified_at
    END) STORED;

CREATE INDEX feedback_closed ON feedback (closed_at, agency_id) WHERE closed_at IS NOT NULL;

-- The requests to the sender for more information (events moving the case to status 3), which 5.1 judges against the
-- +5 deadline, read per closed case.
CREATE INDEX feedback_events_information_requests ON feedback_events (feedback_id, at) WHERE to_status = 3;
