-- Third trial of issue 16, MEDIUM 2 (docs/FEEDBACK.md "Session 24, third trial"): the sender of a refused or transferred
-- feedback is told the reason, and the public lookup shows it. The officer's reason lived only in the classification
-- event's note, after the classification's name; it is kept on the row, the latest classification's, as typed.
ALTER TABLE feedback ADD COLUMN decision_reason text;

-- Rows classified before: the reason is the latest classification note without the name (and the transfer) before it.
UPDATE feedback f SET decision_reason = btrim(regexp_replace(e.note, '^[^.]*\.\s*', ''))
FROM (SELECT DISTINCT ON (feedback_id) feedback_id, note FROM feedback_events WHERE action = 'Phân loại' AND from_status IS NOT NULL
      ORDER BY feedback_id, id DESC) e
WHERE e.feedback_id = f.id AND f.classification IS NOT NULL;
