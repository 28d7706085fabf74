-- The 766 index's inputs that issues 16 and 17 made countable (docs/REPORTS.md §5): 1.2 dossiers synced to the National
-- Portal (15), 4.2 digitised at intake (16), 4.3 reusing digitised data (17), 4.4 taking the citizen's data (18). They are
-- kept as 0049 keeps the others: four more flags of a dossier's standing, recomputed by index766_refresh whenever a row
-- they read changes (dossier_files, dossier_applicant_verifications, the dossier's documents, a portal message
-- delivered), so the counts stay the sum of the standings, exact by construction. Index766Reads' conditions say the same
-- in the drill-down; Index766CountsTests holds the two equal.

ALTER TABLE index766_dossiers
    ADD COLUMN synced boolean NOT NULL DEFAULT false,
    ADD COLUMN digitised boolean NOT NULL DEFAULT false,
    ADD COLUMN reused boolean NOT NULL DEFAULT false,
    ADD COLUMN citizen_data boolean NOT NULL DEFAULT false;

ALTER TABLE index766_counts DROP CONSTRAINT index766_counts_input_check;
ALTER TABLE index766_counts ADD CONSTRAINT index766_counts_input_check CHECK (input IN (6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19));

CREATE OR REPLACE FUNCTION index766_state(d dossiers) RETURNS SETOF index766_dossiers LANGUAGE sql STABLE AS $$
    SELECT d.id, d.receiving_agency_id, d.procedure_code,
        date_trunc('month', vn_date(d.received_at))::date,
        d.channel = 2,
        d.received_at IS NOT NULL AND (EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = d.id AND f.due_vnd > 0)
            OR EXISTS (SELECT 1 FROM payment_requests r WHERE r.dossier_id = d.id AND r.status <> 'cancelled')
            OR EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id)),
        -- Money matched, or flagged and accepted by the accountant.
        d.received_at IS NOT NULL AND EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id AND pm.method = 'online'
            AND (pm.flag IS NULL OR pm.flag_accepted)),
        date_trunc('month', vn_date(d.result_ready_at))::date,
        -- End ≤ the original due date, and a second supplement request makes the dossier late whatever its end.
        d.result_ready_at IS NOT NULL AND d.original_due_at IS NOT NULL AND d.result_ready_at <= d.original_due_at
            AND (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement-request') <= 1,
        -- Returned online (return_method 3) or its result notice issued signed and kept: Index766Reads' 4.1.
        d.result_ready_at IS NOT NULL AND (d.return_method IS NOT DISTINCT FROM 3
            OR EXISTS (SELECT 1 FROM issued_documents i WHERE i.key = 'dossier:' || d.id || ':result' AND i.pdf IS NOT NULL)),
        CASE WHEN d.result_ready_at IS NOT NULL THEN index766_share(d.result_ready_at, d.clock_started_at, d.original_due_at) END,
        -- 1.2: a message of the dossier to the portal delivered.
        d.received_at IS NOT NULL AND EXISTS (SELECT 1 FROM outbox o WHERE o.ordering_key = 'dvcqg:' || d.code AND o.target = 'dvcqg'
            AND o.delivered_at IS NOT NULL),
        -- 4.2: its documents digitised at intake and, with a result, the result electronic (as 4.1).
        d.received_at IS NOT NULL
            AND (EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.purpose IN (1, 3))
                OR d.documents @? '$[*] ? (@.digitised == true || @.fileUrl.type() == "string" || @.reused > 0)')
            AND (d.result_ready_at IS NULL OR d.return_method IS NOT DISTINCT FROM 3
                OR EXISTS (SELECT 1 FROM issued_documents i WHERE i.key = 'dossier:' || d.id || ':result' AND i.pdf IS NOT NULL)),
        -- 4.3: an earlier dossier's file reused, or a document held by the citizen's store or a published database.
        d.received_at IS NOT NULL AND (EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.reused_from_id IS NOT NULL)
            OR d.documents @? '$[*] ? (@.reused > 0)'),
        -- 4.4: the applicant verified (population database, VNeID), or a document from the citizen's store.
        d.received_at IS NOT NULL AND (EXISTS (SELECT 1 FROM dossier_applicant_verifications av WHERE av.dossier_id = d.id)
            OR d.documents @? '$[*] ? (@.reused == 1)')
$$;

CREATE OR REPLACE FUNCTION index766_marks(s index766_dossiers) RETURNS TABLE (month date, input smallint) LANGUAGE sql IMMUTABLE AS $$
    SELECT m.month, m.input::smallint FROM (VALUES
        (s.received_month, 6), (CASE WHEN s.online THEN s.received_month END, 7),
        (CASE WHEN s.with_payment THEN s.received_month END, 12), (CASE WHEN s.paid_online THEN s.received_month END, 13),
        (s.resolved_month, 8), (CASE WHEN s.on_time THEN s.resolved_month END, 9),
        (CASE WHEN s.electronic_result THEN s.resolved_month END, 14),
        (CASE WHEN s.synced THEN s.received_month END, 15), (CASE WHEN s.digitised THEN s.received_month END, 16),
        (CASE WHEN s.reused THEN s.received_month END, 17), (CASE WHEN s.citizen_data THEN s.received_month END, 18)
    ) m (month, input)
    WHERE m.month IS NOT NULL
$$;

-- As 0049's, with the four new flags kept.
CREATE OR REPLACE FUNCTION index766_refresh(dossier bigint) RETURNS void LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    was index766_dossiers;
    now_ index766_dossiers;
BEGIN
    SELECT s.* INTO now_ FROM dossiers d CROSS JOIN LATERAL index766_state(d) s WHERE d.id = dossier FOR NO KEY UPDATE OF d;
    SELECT * INTO was FROM index766_dossiers WHERE dossier_id = dossier;
    IF was IS NOT DISTINCT FROM now_ THEN RETURN; END IF;
    -- Row locks in key order, so two transactions moving the same counters cannot deadlock on them.
    INSERT INTO index766_counts AS c (month, input, agency_id, n)
    SELECT k.month, k.input, k.agency_id, sum(k.n)::int
    FROM (
        SELECT m.month, m.input, was.agency_id, -1 AS n FROM index766_marks(was) m
        UNION ALL
        SELECT m.month, m.input, now_.agency_id, 1 FROM index766_marks(now_) m
    ) k
    GROUP BY k.month, k.input, k.agency_id
    HAVING sum(k.n) <> 0
    ORDER BY k.month, k.input, k.agency_id
    ON CONFLICT (month, input, agency_id) DO UPDATE SET n = c.n + excluded.n;
    INSERT INTO index766_procedure_counts AS c (month, agency_id, procedure_code, n, share)
    SELECT k.month, k.agency_id, k.procedure_code, sum(k.n)::int, sum(k.share)
    FROM (VALUES (was.resolved_month, was.agency_id, was.procedure_code, -1, -was.share),
                 (now_.resolved_month, now_.agency_id, now_.procedure_code, 1, now_.share)) k (month, agency_id, procedure_code, n, share)
    WHERE k.month IS NOT NULL AND k.share IS NOT NULL
    GROUP BY k.month, k.agency_id, k.procedure_code
    HAVING sum(k.n) <> 0 OR sum(k.share) <> 0
    ORDER BY k.month, k.agency_id, k.procedure_code
    ON CONFLICT (month, agency_id, procedure_code) DO UPDATE SET n = c.n + excluded.n, share = c.share + excluded.share;
    IF now_.dossier_id IS NULL THEN
        DELETE FROM index766_dossiers WHERE dossier_id = dossier;
    ELSE
        INSERT INTO index766_dossiers SELECT (now_).*
        ON CONFLICT (dossier_id) DO UPDATE SET agency_id = excluded.agency_id, procedure_code = excluded.procedure_code,
            received_month = excluded.received_month, online = excluded.online, with_payment = excluded.with_payment,
            paid_online = excluded.paid_online, resolved_month = excluded.resolved_month, on_time = excluded.on_time,
            electronic_result = excluded.electronic_result, share = excluded.share, synced = excluded.synced,
            digitised = excluded.digitised, reused = excluded.reused, citizen_data = excluded.citizen_data;
    END IF;
END $$;

-- The dossier's documents now count (4.2–4.4 read them).
DROP TRIGGER dossiers_index766_update ON dossiers;
CREATE TRIGGER dossiers_index766_update AFTER UPDATE ON dossiers FOR EACH ROW
    WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.channel IS DISTINCT FROM NEW.channel
       OR OLD.result_ready_at IS DISTINCT FROM NEW.result_ready_at OR OLD.original_due_at IS DISTINCT FROM NEW.original_due_at
       OR OLD.clock_started_at IS DISTINCT FROM NEW.clock_started_at OR OLD.receiving_agency_id IS DISTINCT FROM NEW.receiving_agency_id
       OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.return_method IS DISTINCT FROM NEW.return_method
       OR OLD.code IS DISTINCT FROM NEW.code OR OLD.documents IS DISTINCT FROM NEW.documents)
    EXECUTE FUNCTION index766_track();
CREATE TRIGGER dossier_files_index766 AFTER INSERT OR DELETE OR UPDATE OF dossier_id, purpose, reused_from_id ON dossier_files
    FOR EACH ROW EXECUTE FUNCTION index766_track();
CREATE TRIGGER dossier_applicant_verifications_index766 AFTER INSERT OR DELETE OR UPDATE OF dossier_id ON dossier_applicant_verifications
    FOR EACH ROW EXECUTE FUNCTION index766_track();

-- A portal message delivered: the dossier its ordering key names ('dvcqg:<code>'). Only the first delivery changes the
-- standing; later ones find it unchanged and return at the comparison in index766_refresh.
CREATE FUNCTION index766_track_portal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    dossier bigint;
BEGIN
    SELECT id INTO dossier FROM dossiers WHERE code = substring(NEW.ordering_key FROM 7);
    IF dossier IS NOT NULL THEN PERFORM index766_refresh(dossier); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_index766 AFTER UPDATE OF delivered_at ON outbox FOR EACH ROW
    WHEN (NEW.target = 'dvcqg' AND OLD.delivered_at IS NULL AND NEW.delivered_at IS NOT NULL AND NEW.ordering_key LIKE 'dvcqg:%')
    EXECUTE FUNCTION index766_track_portal();

-- The dossiers already stored.
UPDATE index766_dossiers s SET synced = n.synced, digitised = n.digitised, reused = n.reused, citizen_data = n.citizen_data
FROM dossiers d CROSS JOIN LATERAL index766_state(d) n WHERE d.id = s.dossier_id;
INSERT INTO index766_counts (month, input, agency_id, n)
SELECT m.month, m.input, s.agency_id, count(*)::int FROM index766_dossiers s CROSS JOIN LATERAL index766_marks(s) m
WHERE m.input IN (15, 16, 17, 18) GROUP BY 1, 2, 3;
