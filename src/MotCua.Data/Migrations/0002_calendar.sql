-- Administering the working calendar (docs/CALENDAR.md, "Administering the calendar").

-- A holiday or compensatory day entered on a Saturday or Sunday changes nothing for a Monday-to-Friday desk, so the
-- administrator says why it is there (e.g. a holiday falling on Sunday, kept so that Saturday desks close too).
ALTER TABLE calendar_days ADD COLUMN note text;
ALTER TABLE calendar_days ADD CONSTRAINT calendar_days_name_length CHECK (length(name) BETWEEN 1 AND 200);
ALTER TABLE calendar_days ADD CONSTRAINT calendar_days_note_length CHECK (length(note) <= 500);

-- The calendar page lists recent calendar changes; the audit log is mostly officers' reads of personal data.
CREATE INDEX audit_log_calendar ON audit_log (at DESC) WHERE action LIKE 'calendar.%';
