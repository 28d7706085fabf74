-- Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) from pre-aggregated counts (docs/REPORTS.md).
--
-- Every received dossier contributes a few (day, measure) marks, a pure function of its row (bieu06_marks, the SQL of
-- the Domain's Bieu06.Marks): received by channel on the day of receipt; resolved early / on time / late, refused,
-- withdrawn or stopped on the day it ended; and the two marks that let "overdue at the end of a day" be a sum. A row
-- trigger subtracts the old row's marks and adds the new row's, in the transaction that changes the dossier, so the
-- counts are always the sum of the marks of the dossiers as they are now: exact by construction, whatever writes the
-- row (intake's single statement, EF, a reorganisation, plain SQL). A report for [from, to] is a sum of counts, never a
-- read of the dossiers: the year's, the month's and the day's grains make any prefix "before day X" a few index ranges.

-- When the stop notice was issued (Thông báo dừng giải quyết hồ sơ): the day a stopped or withdrawn dossier leaves the
-- counts. Older stopped dossiers take it from their stop event.
ALTER TABLE dossiers ADD COLUMN stopped_at timestamptz;
UPDATE dossiers d SET stopped_at = (SELECT max(e.at) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'stop')
WHERE d.status = 8;
UPDATE dossiers SET stopped_at = coalesce(result_ready_at, received_at, submitted_at) WHERE status = 8 AND stopped_at IS NULL;

-- The Vietnam date of an instant (UTC+7, no daylight saving): no time-zone database involved.
CREATE FUNCTION vn_date(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ((at AT TIME ZONE 'UTC') + interval '7 hours')::date $$;

-- Measures (Bieu06Measure): 1 direct, 2 online, 3 postal (the channel codes), 4 early, 5 on time, 6 late, 7 refused on
-- the merits, 8 withdrawn, 9 stopped, 10 overdue from (the first day ending with it open past its due), 11 overdue until
-- (the day an overdue dossier ended). Grain 'd' day, 'm' month (period_start its 1st), 'y' year (1 January).
CREATE TABLE bieu06_counts (
    grain "char" NOT NULL CHECK (grain IN ('d', 'm', 'y')),
    agency_id int NOT NULL REFERENCES agencies (id),
    period_start date NOT NULL,
    measure smallint NOT NULL CHECK (measure BETWEEN 1 AND 11),
    field text NOT NULL,
    n int NOT NULL,
    PRIMARY KEY (grain, agency_id, period_start, measure, field)
);

-- A dossier's marks: nothing before it is received (status 1) or when refused at intake (status 3). The end is the
-- result (status 9, 10: result_ready_at; a refusal on the merits is shown apart) or the stop notice (status 8; withdrawn
-- when the citizen asked for it). Early / on time / late compare the end with the original due date as
-- DeadlineClassifier.ClassifyFinished does. "Overdue at the end of day D" is open at the end of D with its original due
-- instant before the next day began, i.e. vn_date(due) <= D: mark 10 on the later of receipt day and due day, and, for
-- a dossier that ended after its due day, mark 11 on its end day.
CREATE FUNCTION bieu06_marks(d dossiers) RETURNS TABLE (day date, measure smallint) LANGUAGE sql STABLE AS $$
    WITH x AS (
        SELECT vn_date(d.received_at) AS r, vn_date(d.original_due_at) AS u,
               CASE WHEN d.status IN (9, 10) THEN vn_date(d.result_ready_at) WHEN d.status = 8 THEN vn_date(d.stopped_at) END AS e,
               CASE WHEN d.status IN (9, 10) AND d.result_kind = 2 THEN 7
                    WHEN d.status IN (9, 10) AND d.original_due_at IS NOT NULL AND d.result_ready_at > d.original_due_at THEN 6
                    WHEN d.status IN (9, 10) AND vn_date(d.result_ready_at) < vn_date(d.original_due_at) THEN 4
                    WHEN d.status IN (9, 10) THEN 5
                    WHEN d.status = 8 AND d.withdrawal_reason IS NOT NULL THEN 8
                    WHEN d.status = 8 THEN 9 END AS ended
        WHERE d.status NOT IN (1, 3) AND d.received_at IS NOT NULL
    )
    SELECT m.day, m.measure::smallint FROM x, LATERAL (VALUES
        (x.r, d.channel::int),
        (x.e, x.ended),
        (CASE WHEN x.u IS NOT NULL AND (x.e IS NULL OR x.u < x.e) THEN greatest(x.r, x.u) END, 10),
        (CASE WHEN x.u IS NOT NULL AND x.e IS NOT NULL AND x.u < x.e THEN x.e END, 11)
    ) m (day, measure)
    WHERE m.day IS NOT NULL AND m.measure IS NOT NULL
$$;

-- Adds sign × the marks of a dossier row (of procedure field f) at the three grains. Rows are locked in key order, so two
-- transactions moving the same counters cannot deadlock on them.
CREATE FUNCTION bieu06_apply(old_row dossiers, new_row dossiers) RETURNS void LANGUAGE sql AS $$
    INSERT INTO bieu06_counts AS c (grain, agency_id, period_start, measure, field, n)
    SELECT g.grain, k.agency_id, g.period_start, k.measure, k.field, sum(k.n)::int
    FROM (
        SELECT old_row.receiving_agency_id AS agency_id, p.field, o.day, o.measure, -1 AS n
        FROM bieu06_marks(old_row) o JOIN procedures p ON p.code = old_row.procedure_code
        UNION ALL
        SELECT new_row.receiving_agency_id, p.field, w.day, w.measure, 1
        FROM bieu06_marks(new_row) w JOIN procedures p ON p.code = new_row.procedure_code
    ) k
    CROSS JOIN LATERAL (VALUES ('d'::"char", k.day), ('m', date_trunc('month', k.day)::date), ('y', date_trunc('year', k.day)::date))
        g (grain, period_start)
    GROUP BY g.grain, k.agency_id, g.period_start, k.measure, k.field
    HAVING sum(k.n) <> 0
    ORDER BY g.grain, k.agency_id, g.period_start, k.measure, k.field
    ON CONFLICT (grain, agency_id, period_start, measure, field) DO UPDATE SET n = c.n + excluded.n
$$;

CREATE FUNCTION bieu06_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- OLD is null on INSERT and NEW on DELETE: their marks are empty.
    PERFORM bieu06_apply(OLD, NEW);
    RETURN NULL;
END $$;

CREATE TRIGGER dossiers_bieu06 AFTER INSERT OR DELETE ON dossiers FOR EACH ROW EXECUTE FUNCTION bieu06_track();
-- Only the columns the marks read: most updates (a step done, an assignment) leave the counts alone without a call.
CREATE TRIGGER dossiers_bieu06_update AFTER UPDATE ON dossiers FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.received_at IS DISTINCT FROM NEW.received_at
       OR OLD.original_due_at IS DISTINCT FROM NEW.original_due_at OR OLD.result_ready_at IS DISTINCT FROM NEW.result_ready_at
       OR OLD.result_kind IS DISTINCT FROM NEW.result_kind OR OLD.stopped_at IS DISTINCT FROM NEW.stopped_at
       OR OLD.withdrawal_reason IS DISTINCT FROM NEW.withdrawal_reason OR OLD.channel IS DISTINCT FROM NEW.channel
       OR OLD.receiving_agency_id IS DISTINCT FROM NEW.receiving_agency_id OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code)
    EXECUTE FUNCTION bieu06_track();

-- A procedure moved to another field (a catalogue correction) moves its dossiers' counts with it, in the same
-- transaction: rare, and the only time the counts read many dossiers.
CREATE FUNCTION bieu06_field_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bieu06_counts AS c (grain, agency_id, period_start, measure, field, n)
    SELECT g.grain, d.receiving_agency_id, g.period_start, m.measure, f.field, sum(f.n)::int
    FROM dossiers d CROSS JOIN LATERAL bieu06_marks(d) m
    CROSS JOIN LATERAL (VALUES (OLD.field, -1), (NEW.field, 1)) f (field, n)
    CROSS JOIN LATERAL (VALUES ('d'::"char", m.day), ('m', date_trunc('month', m.day)::date), ('y', date_trunc('year', m.day)::date))
        g (grain, period_start)
    WHERE d.procedure_code = NEW.code
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (grain, agency_id, period_start, measure, field) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END $$;
CREATE TRIGGER procedures_bieu06 AFTER UPDATE OF field ON procedures FOR EACH ROW
    WHEN (OLD.field IS DISTINCT FROM NEW.field) EXECUTE FUNCTION bieu06_field_moved();
CREATE INDEX dossiers_procedure ON dossiers (procedure_code);

-- The dossiers already stored.
INSERT INTO bieu06_counts (grain, agency_id, period_start, measure, field, n)
SELECT g.grain, d.receiving_agency_id, g.period_start, m.measure, p.field, count(*)::int
FROM dossiers d JOIN procedures p ON p.code = d.procedure_code CROSS JOIN LATERAL bieu06_marks(d) m
CROSS JOIN LATERAL (VALUES ('d'::"char", m.day), ('m', date_trunc('month', m.day)::date), ('y', date_trunc('year', m.day)::date))
    g (grain, period_start)
GROUP BY 1, 2, 3, 4, 5;

-- The drill-down lists (/bao-cao/bieu-06/ho-so) read received dossiers of a unit by day of receipt.
CREATE INDEX dossiers_received ON dossiers (receiving_agency_id, received_at) WHERE received_at IS NOT NULL;
