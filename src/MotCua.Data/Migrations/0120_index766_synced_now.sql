-- 766 index 1.2 (Số hồ sơ đồng bộ trạng thái lên Cổng DVCQG, DOMAIN §6): a dossier counts as synced only while the portal
-- holds its latest state, the dossier's sync state 'synced' (PortalSync.StateAsync, GET /api/v1/dossiers/{code}/sync), not
-- from its first delivered message on (trial 16h MEDIUM 2: a dossier whose later message the portal refused, state
-- 'failed', was counted synced). The state is read now, as the other standings are [choice, docs/REPORTS.md §5].
-- portal_sync_state is the SQL twin of PortalSync.Derive over a dossier's rows of ordering key 'dvcqg:{code}':
--   failed  — a dead row (not delivered) with no delivered re-push (topic portal.repush) after it;
--   pending — no row yet, or a row neither delivered nor dead (queued or retrying);
--   synced  — otherwise.
-- The standing now changes when a portal row is written, delivered or given up, so the outbox triggers follow all three.

CREATE FUNCTION portal_sync_state(dossier_code text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.ordering_key = 'dvcqg:' || dossier_code AND o.target = 'dvcqg'
                AND o.dead_at IS NOT NULL AND o.delivered_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.ordering_key = o.ordering_key AND r.target = 'dvcqg' AND r.id > o.id
                    AND r.topic = 'portal.repush' AND r.delivered_at IS NOT NULL)) THEN 'failed'
        WHEN NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ordering_key = 'dvcqg:' || dossier_code AND o.target = 'dvcqg') THEN 'pending'
        WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.ordering_key = 'dvcqg:' || dossier_code AND o.target = 'dvcqg'
                AND o.delivered_at IS NULL AND o.dead_at IS NULL) THEN 'pending'
        ELSE 'synced' END
$$;

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
        -- 1.2: ours, and the portal holds its latest state (portal_sync_state 'synced').
        d.received_at IS NOT NULL AND d.origin <> 3 AND portal_sync_state(d.code) = 'synced',
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

DROP TRIGGER outbox_index766 ON outbox;
CREATE TRIGGER outbox_index766 AFTER INSERT ON outbox FOR EACH ROW
    WHEN (NEW.target = 'dvcqg' AND NEW.ordering_key LIKE 'dvcqg:%')
    EXECUTE FUNCTION index766_track_portal();
CREATE TRIGGER outbox_index766_outcome AFTER UPDATE OF delivered_at, dead_at ON outbox FOR EACH ROW
    WHEN (NEW.target = 'dvcqg' AND NEW.ordering_key LIKE 'dvcqg:%'
        AND (OLD.delivered_at IS DISTINCT FROM NEW.delivered_at OR OLD.dead_at IS DISTINCT FROM NEW.dead_at))
    EXECUTE FUNCTION index766_track_portal();

-- The dossiers already stored: 1.2's standing recomputed and its counts (input 15) rebuilt from the standings.
UPDATE index766_dossiers s SET synced = n.synced
FROM dossiers d CROSS JOIN LATERAL index766_state(d) n WHERE d.id = s.dossier_id AND s.synced IS DISTINCT FROM n.synced;
DELETE FROM index766_counts WHERE input = 15;
INSERT INTO index766_counts (month, input, agency_id, n)
SELECT m.month, m.input, s.agency_id, count(*)::int FROM index766_dossiers s CROSS JOIN LATERAL index766_marks(s) m
WHERE m.input = 15 GROUP BY 1, 2, 3;
