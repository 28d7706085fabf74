-- Issue 15, the leaders' and the inspector's dashboard (docs/REPORTS.md §7). Its figures must not read the dossiers
-- table beyond bounded lists: by day and per agency and field it reads bieu06_counts (0041); per procedure it needs the
-- same outcomes by procedure, which bieu06_counts (keyed by field) cannot give. So this migration keeps the outcome
-- marks of bieu06_marks (4 early, 5 on time, 6 late) per receiving unit, procedure and day / month, exact in the same
-- transaction as the dossier row, exactly as 0041 does.
CREATE TABLE procedure_outcome_counts (
    grain "char" NOT NULL CHECK (grain IN ('d', 'm')),
    agency_id int NOT NULL REFERENCES agencies (id),
    period_start date NOT NULL,
    procedure_code text NOT NULL,
    measure smallint NOT NULL CHECK (measure BETWEEN 4 AND 6),
    n int NOT NULL,
    PRIMARY KEY (grain, agency_id, period_start, procedure_code, measure)
);

-- Adds the old row's outcome marks with −1 and the new row's with +1, in key order (no deadlock between two writers).
CREATE FUNCTION procedure_outcomes_apply(old_row dossiers, new_row dossiers) RETURNS void LANGUAGE sql AS $$
    INSERT INTO procedure_outcome_counts AS c (grain, agency_id, period_start, procedure_code, measure, n)
    SELECT g.grain, k.agency_id, g.period_start, k.procedure_code, k.measure, sum(k.n)::int
    FROM (
        SELECT old_row.receiving_agency_id AS agency_id, old_row.procedure_code, o.day, o.measure, -1 AS n
        FROM bieu06_marks(old_row) o WHERE o.measure BETWEEN 4 AND 6
        UNION ALL
        SELECT new_row.receiving_agency_id, new_row.procedure_code, w.day, w.measure, 1
        FROM bieu06_marks(new_row) w WHERE w.measure BETWEEN 4 AND 6
    ) k
    CROSS JOIN LATERAL (VALUES ('d'::"char", k.day), ('m', date_trunc('month', k.day)::date)) g (grain, period_start)
    GROUP BY g.grain, k.agency_id, g.period_start, k.procedure_code, k.measure
    HAVING sum(k.n) <> 0
    ORDER BY g.grain, k.agency_id, g.period_start, k.procedure_code, k.measure
    ON CONFLICT (grain, agency_id, period_start, procedure_code, measure) DO UPDATE SET n = c.n + excluded.n
$$;

CREATE FUNCTION procedure_outcomes_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM procedure_outcomes_apply(OLD, NEW);
    RETURN NULL;
END $$;

CREATE TRIGGER dossiers_procedure_outcomes AFTER INSERT OR DELETE ON dossiers FOR EACH ROW EXECUTE FUNCTION procedure_outcomes_track();
-- The columns an outcome mark reads; other updates skip the call.
CREATE TRIGGER dossiers_procedure_outcomes_update AFTER UPDATE ON dossiers FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.received_at IS DISTINCT FROM NEW.received_at
       OR OLD.original_due_at IS DISTINCT FROM NEW.original_due_at OR OLD.result_ready_at IS DISTINCT FROM NEW.result_ready_at
       OR OLD.result_kind IS DISTINCT FROM NEW.result_kind OR OLD.stopped_at IS DISTINCT FROM NEW.stopped_at
       OR OLD.withdrawal_reason IS DISTINCT FROM NEW.withdrawal_reason
       OR OLD.receiving_agency_id IS DISTINCT FROM NEW.receiving_agency_id OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code)
    EXECUTE FUNCTION procedure_outcomes_track();

INSERT INTO procedure_outcome_counts (grain, agency_id, period_start, procedure_code, measure, n)
SELECT g.grain, d.receiving_agency_id, g.period_start, d.procedure_code, m.measure, count(*)::int
FROM dossiers d CROSS JOIN LATERAL bieu06_marks(d) m
CROSS JOIN LATERAL (VALUES ('d'::"char", m.day), ('m', date_trunc('month', m.day)::date)) g (grain, period_start)
WHERE m.measure BETWEEN 4 AND 6
GROUP BY 1, 2, 3, 4, 5;

-- The dashboard's overdue list: a unit's dossiers in progress (2, 4, 5, 6, 7, Biểu 06's "đang giải quyết") by original
-- due instant, read from the oldest overdue up to now and cut by LIMIT: it reads the overdue dossiers, never the rest.
CREATE INDEX dossiers_in_progress_by_original_due ON dossiers (receiving_agency_id, original_due_at, id) WHERE status IN (2, 4, 5, 6, 7);

-- Which overdue dossiers were escalated to a department head or a leader (officer reminders, issue 13).
CREATE INDEX officer_notices_escalations ON officer_notices (dossier_code) WHERE kind = 'escalation';
