-- The 766 index and the dossiers a ministry's system sends for monitoring (origin 3, docs/PORTAL.md "Monitoring"; fresh
-- trial p16p, docs/REPORTS.md §5). That system syncs them to the National Portal and holds their files and papers, so
-- MotCua can never count them as synced (1.2), digitised, reusing data or taking the citizen's data (4.2–4.4), nor as
-- an electronic result of ours (4.1): two inputs (Index766Input) leave them out of those denominators, 22 the dossiers
-- received in the month that MotCua handles, 23 those resolved in the month; the numerators leave them out too, so a
-- numerator never exceeds its denominator. And 3.4 (paid online): a payment refunded in full (payment_refunds summing
-- to its amount, issue 14) is not a payment. Kept as 0049/0082 keep the others: one more flag of a dossier's standing
-- (ours), the flags recomputed, the counts of the dossier inputs rebuilt from the standings (exact by construction).

ALTER TABLE index766_dossiers ADD COLUMN ours boolean NOT NULL DEFAULT true;

ALTER TABLE index766_counts DROP CONSTRAINT index766_counts_input_check;
ALTER TABLE index766_counts ADD CONSTRAINT index766_counts_input_check CHECK (input IN (6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19, 22, 23));

CREATE OR REPLACE FUNCTION index766_state(d dossiers) RETURNS SETOF index766_dossiers LANGUAGE sql STABLE AS $$
    SELECT d.id, d.receiving_agency_id, d.procedure_code,
        date_trunc('month', vn_date(d.received_at))::date,
        d.channel = 2,
        d.received_at IS NOT NULL AND (EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = d.id AND f.due_vnd > 0)
            OR EXISTS (SELECT 1 FROM payment_requests r WHERE r.dossier_id = d.id AND r.status <> 'cancelled')
            OR EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id)),
        -- Money matched, or flagged and accepted by the accountant, and not refunded in full.
        d.received_at IS NOT NULL AND EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id AND pm.method = 'online'
            AND (pm.flag IS NULL OR pm.flag_accepted)
            AND (SELECT coalesce(sum(r.amount_vnd), 0) FROM payment_refunds r WHERE r.payment_id = pm.id) < pm.amount_vnd),
        date_trunc('month', vn_date(d.result_ready_at))::date,
        -- End ≤ the original due date, and a second supplement request makes the dossier late whatever its end.
        d.result_ready_at IS NOT NULL AND d.original_due_at IS NOT NULL AND d.result_ready_at <= d.original_due_at
            AND (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement-request') <= 1,
        -- 4.1: ours, returned online (return_method 3) or its result notice issued signed and kept.
        d.result_ready_at IS NOT NULL AND d.origin <> 3 AND (d.return_method IS NOT DISTINCT FROM 3
            OR EXISTS (SELECT 1 FROM issued_documents i WHERE i.key = 'dossier:' || d.id || ':result' AND i.pdf IS NOT NULL)),
        CASE WHEN d.result_ready_at IS NOT NULL THEN index766_share(d.result_ready_at, d.clock_started_at, d.original_due_at) END,
        -- 1.2: ours, a message of the dossier to the portal delivered.
        d.received_at IS NOT NULL AND d.origin <> 3 AND EXISTS (SELECT 1 FROM outbox o WHERE o.ordering_key = 'dvcqg:' || d.code
            AND o.target = 'dvcqg' AND o.delivered_at IS NOT NULL),
        -- 4.2: ours, its documents digitised at intake and, with a result, the result electronic (as 4.1).
        d.received_at IS NOT NULL AND d.origin <> 3
            AND (EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.purpose IN (1, 3))
                OR d.documents @? '$[*] ? (@.digitised == true || @.fileUrl.type() == "string" || @.reused > 0)')
            AND (d.result_ready_at IS NULL OR d.return_method IS NOT DISTINCT FROM 3
                OR EXISTS (SELECT 1 FROM issued_documents i WHERE i.key = 'dossier:' || d.id || ':result' AND i.pdf IS NOT NULL)),
        -- 4.3: ours, an earlier dossier's file reused, or a document held by the citizen's store or a published database.
        d.received_at IS NOT NULL AND d.origin <> 3 AND (EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.reused_from_id IS NOT NULL)
            OR d.documents @? '$[*] ? (@.reused > 0)'),
        -- 4.4: ours, the applicant verified (population database, VNeID), or a document from the citizen's store.
        d.received_at IS NOT NULL AND d.origin <> 3 AND (EXISTS (SELECT 1 FROM dossier_applicant_verifications av WHERE av.dossier_id = d.id)
            OR d.documents @? '$[*] ? (@.reused == 1)'),
        -- 22, 23: handled on MotCua, not monitored.
        d.origin <> 3
$$;

CREATE OR REPLACE FUNCTION index766_marks(s index766_dossiers) RETURNS TABLE (month date, input smallint) LANGUAGE sql IMMUTABLE AS $$
    SELECT m.month, m.input::smallint FROM (VALUES
        (s.received_month, 6), (CASE WHEN s.online THEN s.received_month END, 7),
        (CASE WHEN s.with_payment THEN s.received_month END, 12), (CASE WHEN s.paid_online THEN s.received_month END, 13),
        (s.resolved_month, 8), (CASE WHEN s.on_time THEN s.resolved_month END, 9),
        (CASE WHEN s.electronic_result THEN s.resolved_month END, 14),
        (CASE WHEN s.synced THEN s.received_month END, 15), (CASE WHEN s.digitised THEN s.received_month END, 16),
        (CASE WHEN s.reused THEN s.received_month END, 17), (CASE WHEN s.citizen_data THEN s.received_month END, 18),
        (CASE WHEN s.ours THEN s.received_month END, 22), (CASE WHEN s.ours THEN s.resolved_month END, 23)
    ) m (month, input)
    WHERE m.month IS NOT NULL
$$;

-- As 0082's, with ours kept.
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
            digitised = excluded.digitised, reused = excluded.reused, citizen_data = excluded.citizen_data, ours = excluded.ours;
    END IF;
END $$;

-- A refund (rows only inserted, 0040): the standing of its payment's dossier.
CREATE FUNCTION index766_track_refund() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    dossier bigint;
BEGIN
    SELECT dossier_id INTO dossier FROM payments WHERE id = NEW.payment_id;
    IF dossier IS NOT NULL THEN PERFORM index766_refresh(dossier); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER payment_refunds_index766 AFTER INSERT ON payment_refunds FOR EACH ROW EXECUTE FUNCTION index766_track_refund();

-- The dossiers already stored: every standing recomputed, the dossier inputs' counts rebuilt from them (input 19, the
-- ratings, is kept by its own statements and left alone).
UPDATE index766_dossiers s SET paid_online = n.paid_online, electronic_result = n.electronic_result, synced = n.synced,
    digitised = n.digitised, reused = n.reused, citizen_data = n.citizen_data, ours = n.ours
FROM dossiers d CROSS JOIN LATERAL index766_state(d) n WHERE d.id = s.dossier_id;
DELETE FROM index766_counts WHERE input <> 19;
INSERT INTO index766_counts (month, input, agency_id, n)
SELECT m.month, m.input, s.agency_id, count(*)::int FROM index766_dossiers s CROSS JOIN LATERAL index766_marks(s) m GROUP BY 1, 2, 3;
