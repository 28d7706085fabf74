-- The 766 index's dossier inputs from counts kept by the transactions that change what they read (docs/REPORTS.md §5,
-- docs/PERFORMANCE.md "Reports at scale"), as bieu06_counts keeps Biểu 06 (0041, 0047).
--
-- Counting them from the dossiers at each request read every dossier of the month per input, with a probe of its events,
-- fees, payment requests, payments and signed result for some (957 ms for the province at 1,000,000 dossiers, 72 % of a
-- scan of the table). Unlike Biểu 06's marks, these inputs read other tables than the dossier's row (a second supplement
-- request makes a result late; a payment, a fee, a payment request or a signed result adds a dossier to an input), so a
-- row trigger on dossiers alone cannot keep them. Each dossier's standing in the index is therefore kept as one row
-- (index766_dossiers, computed by index766_state from the dossier and those tables), and every change to a table it reads
-- recomputes it (index766_refresh): the counts move by the difference between the standing kept and the new one, in the
-- transaction that made the change. The counts are always the sum of the standings of the dossiers as they are now,
-- whatever writes the rows: exact by construction, as for Biểu 06.

-- The share of its time limit a resolved dossier used: elapsed ÷ allowed, both from the clock's start (a supplement
-- restarts it, a payment wait moves the due date, so the share is the agency's own). Exact numeric, so that sums kept
-- by adding and subtracting equal a recount. Null when the clock did not run (a due date not after its start).
CREATE FUNCTION index766_share(ready timestamptz, clock_started timestamptz, due timestamptz) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN due > clock_started THEN extract(epoch FROM ready - clock_started) / extract(epoch FROM due - clock_started) END $$;

-- A dossier's standing in the index. Months are the 1st of the Vietnam month (Index766Month): received_month of the
-- received instant, resolved_month of the result-ready instant, null when there is none. The flags are the inputs within
-- those months (Index766Reads's conditions, DOMAIN §6); share is index766_share for the per-procedure average.
CREATE TABLE index766_dossiers (
    dossier_id bigint PRIMARY KEY,
    agency_id int NOT NULL,
    procedure_code text NOT NULL,
    received_month date,
    online boolean NOT NULL,
    with_payment boolean NOT NULL,
    paid_online boolean NOT NULL,
    resolved_month date,
    on_time boolean NOT NULL,
    electronic_result boolean NOT NULL,
    share numeric
);

-- Inputs (Index766Input): 6 received, 7 online, 8 resolved, 9 resolved on time, 12 with something to pay, 13 paid
-- online, 14 signed electronic result. Keyed month first: the province reads one month of every agency by range.
CREATE TABLE index766_counts (
    month date NOT NULL,
    input smallint NOT NULL CHECK (input IN (6, 7, 8, 9, 12, 13, 14)),
    agency_id int NOT NULL REFERENCES agencies (id),
    n int NOT NULL,
    PRIMARY KEY (month, input, agency_id)
);

-- Per agency, month of the result and procedure: the resolved dossiers whose clock ran and the sum of their shares.
-- A procedure is within its time limit when its shares sum to no more than its dossiers (average ≤ 1), over the scope.
CREATE TABLE index766_procedure_counts (
    month date NOT NULL,
    agency_id int NOT NULL REFERENCES agencies (id),
    procedure_code text NOT NULL,
    n int NOT NULL,
    share numeric NOT NULL,
    PRIMARY KEY (month, agency_id, procedure_code)
);

-- The standing of dossier d now. Each probe of another table is made only when the dossier is in the month it counts for.
CREATE FUNCTION index766_state(d dossiers) RETURNS SETOF index766_dossiers LANGUAGE sql STABLE AS $$
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
        CASE WHEN d.result_ready_at IS NOT NULL THEN index766_share(d.result_ready_at, d.clock_started_at, d.original_due_at) END
$$;

-- The (month, input) marks of a standing.
CREATE FUNCTION index766_marks(s index766_dossiers) RETURNS TABLE (month date, input smallint) LANGUAGE sql IMMUTABLE AS $$
    SELECT m.month, m.input::smallint FROM (VALUES
        (s.received_month, 6), (CASE WHEN s.online THEN s.received_month END, 7),
        (CASE WHEN s.with_payment THEN s.received_month END, 12), (CASE WHEN s.paid_online THEN s.received_month END, 13),
        (s.resolved_month, 8), (CASE WHEN s.on_time THEN s.resolved_month END, 9),
        (CASE WHEN s.electronic_result THEN s.resolved_month END, 14)
    ) m (month, input)
    WHERE m.month IS NOT NULL
$$;

-- Recomputes the standing of dossier `dossier` and moves the counts by its change. The dossier's row lock (taken here, or
-- already held by the update that fired the trigger) orders every refresh of one dossier: a payment recorded beside an
-- officer's step waits for it, then reads what it committed, so no change is counted twice or lost. PL/pgSQL with a
-- generic plan, for the reason 0047 gives: planned once per connection, not at every call.
CREATE FUNCTION index766_refresh(dossier bigint) RETURNS void LANGUAGE plpgsql
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
            electronic_result = excluded.electronic_result, share = excluded.share;
    END IF;
END $$;

-- The dossier whose standing a row of a table it reads belongs to: dossier_id on every table but issued_documents,
-- whose result notices are keyed 'dossier:<id>:result'. Both the old and the new row's dossier, when a row moves.
CREATE FUNCTION index766_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was bigint;
    now_ bigint;
BEGIN
    IF TG_TABLE_NAME = 'issued_documents' THEN
        IF TG_OP <> 'INSERT' THEN was := substring(OLD.key FROM '^dossier:(\d+):result$')::bigint; END IF;
        IF TG_OP <> 'DELETE' THEN now_ := substring(NEW.key FROM '^dossier:(\d+):result$')::bigint; END IF;
    ELSIF TG_TABLE_NAME = 'dossiers' THEN
        IF TG_OP <> 'INSERT' THEN was := OLD.id; END IF;
        IF TG_OP <> 'DELETE' THEN now_ := NEW.id; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN was := OLD.dossier_id; END IF;
        IF TG_OP <> 'DELETE' THEN now_ := NEW.dossier_id; END IF;
    END IF;
    IF was IS NOT NULL AND was IS DISTINCT FROM now_ THEN PERFORM index766_refresh(was); END IF;
    IF now_ IS NOT NULL THEN PERFORM index766_refresh(now_); END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER dossiers_index766 AFTER INSERT OR DELETE ON dossiers FOR EACH ROW EXECUTE FUNCTION index766_track();
-- Only the columns a standing reads: most updates (a step done, an assignment) leave it alone without a call.
CREATE TRIGGER dossiers_index766_update AFTER UPDATE ON dossiers FOR EACH ROW
    WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.channel IS DISTINCT FROM NEW.channel
       OR OLD.result_ready_at IS DISTINCT FROM NEW.result_ready_at OR OLD.original_due_at IS DISTINCT FROM NEW.original_due_at
       OR OLD.clock_started_at IS DISTINCT FROM NEW.clock_started_at OR OLD.receiving_agency_id IS DISTINCT FROM NEW.receiving_agency_id
       OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR OLD.return_method IS DISTINCT FROM NEW.return_method)
    EXECUTE FUNCTION index766_track();
-- Events: only supplement requests count (most events are steps, which fire nothing).
CREATE TRIGGER dossier_events_index766_insert AFTER INSERT ON dossier_events FOR EACH ROW
    WHEN (NEW.action = 'supplement-request') EXECUTE FUNCTION index766_track();
CREATE TRIGGER dossier_events_index766_delete AFTER DELETE ON dossier_events FOR EACH ROW
    WHEN (OLD.action = 'supplement-request') EXECUTE FUNCTION index766_track();
CREATE TRIGGER dossier_events_index766_update AFTER UPDATE OF action, dossier_id ON dossier_events FOR EACH ROW
    WHEN (OLD.action = 'supplement-request' OR NEW.action = 'supplement-request') EXECUTE FUNCTION index766_track();
CREATE TRIGGER dossier_fees_index766 AFTER INSERT OR DELETE OR UPDATE OF dossier_id, due_vnd ON dossier_fees
    FOR EACH ROW EXECUTE FUNCTION index766_track();
CREATE TRIGGER payment_requests_index766 AFTER INSERT OR DELETE OR UPDATE OF dossier_id, status ON payment_requests
    FOR EACH ROW EXECUTE FUNCTION index766_track();
CREATE TRIGGER payments_index766 AFTER INSERT OR DELETE OR UPDATE OF dossier_id, method, flag, flag_accepted ON payments
    FOR EACH ROW EXECUTE FUNCTION index766_track();
CREATE TRIGGER issued_documents_index766 AFTER INSERT OR DELETE OR UPDATE OF key, pdf ON issued_documents
    FOR EACH ROW EXECUTE FUNCTION index766_track();

-- The dossiers already stored.
INSERT INTO index766_dossiers SELECT s.* FROM dossiers d CROSS JOIN LATERAL index766_state(d) s;
INSERT INTO index766_counts (month, input, agency_id, n)
SELECT m.month, m.input, s.agency_id, count(*)::int FROM index766_dossiers s CROSS JOIN LATERAL index766_marks(s) m GROUP BY 1, 2, 3;
INSERT INTO index766_procedure_counts (month, agency_id, procedure_code, n, share)
SELECT resolved_month, agency_id, procedure_code, count(*)::int, sum(share) FROM index766_dossiers
WHERE resolved_month IS NOT NULL AND share IS NOT NULL GROUP BY 1, 2, 3;
