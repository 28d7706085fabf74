-- Fees, payment requests, payments and signed results of the generated dossiers, so that the 766 index's inputs 3.4
-- (dossiers with a financial obligation or a payment) and 4.1 (electronic results) are measured on real rows (issue 15
-- "Scale"). Run by bench/reports/run.sh once after the dossiers, with session_replication_role = replica (the 766 counts
-- are recomputed after it), set-based over the whole table. Drawn from the dossier's id (a multiplicative hash), so a
-- run is reproducible.
--
-- Shapes: a fee fixed at receipt for 40 % of the dossiers (the unit's adopted fee, else 20,000–200,000 VND), 5 % of them
-- exempt (due 0); for the online ones with a fee due, an intake payment request (3 % cancelled, half of those of a
-- dossier still waiting at the desk open, the rest paid 2 hours after receipt) and the online payment of every paid
-- request, 1 % of them flagged underpaid and half of those accepted by the accountant; for the direct and postal ones with
-- a fee due, a payment at the desk at receipt (cash, one in five by transfer); for resolved dossiers, the signed result
-- notice (issued_documents with its file) for a share growing from 30 % three years ago to 80 % now. The file is a 4-byte
-- stand-in: the index reads only that one is kept, and the size of real files is not what this bench measures.
CREATE TEMP TABLE bench_fees AS
SELECT d.id, d.received_at, d.channel, d.status,
       coalesce(nullif(ap.fee, 0)::bigint, (2 + (d.id * 7) % 19) * 10000) AS fee, (d.id * 13) % 100 < 5 AS exempt
FROM dossiers d LEFT JOIN agency_procedures ap ON ap.agency_id = d.receiving_agency_id AND ap.procedure_code = d.procedure_code
WHERE d.received_at IS NOT NULL AND (d.id * 31) % 100 < 40;

INSERT INTO dossier_fees (dossier_id, fee_vnd, charge_vnd, due_vnd, source, exemption_reason, exemption_legal_basis, fixed_at)
SELECT id, fee, 0, CASE WHEN exempt THEN 0 ELSE fee END, 'local',
       CASE WHEN exempt THEN 'Người thuộc hộ nghèo' END, CASE WHEN exempt THEN 'Điều 5 Thông tư 106/2021/TT-BTC' END, received_at
FROM bench_fees;

INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, status, created_at, paid_at, cancelled_at, cancel_reason)
SELECT f.id, 'intake', f.fee, 'Lệ phí giải quyết thủ tục hành chính', s.status, f.received_at,
       CASE WHEN s.status = 'paid' THEN f.received_at + interval '2 hours' END,
       CASE WHEN s.status = 'cancelled' THEN f.received_at + interval '1 day' END,
       CASE WHEN s.status = 'cancelled' THEN 'Lập nhầm số tiền' END
FROM bench_fees f
CROSS JOIN LATERAL (SELECT CASE WHEN (f.id * 17) % 100 < 3 THEN 'cancelled' WHEN f.status IN (1, 2) AND (f.id * 19) % 2 = 0 THEN 'open'
                                ELSE 'paid' END AS status) s
WHERE f.channel = 2 AND NOT f.exempt;

INSERT INTO payments (request_id, dossier_id, amount_vnd, method, paid_at, recorded_at, flag, flag_resolved_at, flag_accepted)
SELECT r.id, r.dossier_id, r.amount_vnd - CASE WHEN x.flagged THEN 1000 ELSE 0 END, 'online', r.paid_at, r.paid_at,
       CASE WHEN x.flagged THEN 'underpaid' END,
       CASE WHEN x.flagged AND x.accepted THEN r.paid_at + interval '1 day' END,
       CASE WHEN x.flagged AND x.accepted THEN true END
FROM payment_requests r
CROSS JOIN LATERAL (SELECT r.id % 100 = 0 AS flagged, r.id % 200 = 0 AS accepted) x
WHERE r.status = 'paid' AND r.dossier_id IN (SELECT id FROM bench_fees);

INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at)
SELECT id, fee, CASE WHEN id % 5 = 0 THEN 'transfer' ELSE 'cash' END, received_at, received_at
FROM bench_fees WHERE channel <> 2 AND NOT exempt;

INSERT INTO issued_documents (key, agency_id, kind, series, year, serial, number, issued_at, pdf)
SELECT 'dossier:' || d.id || ':result', d.receiving_agency_id, 'ResultNotice', 'TB-KQ', y.year,
       1000000 + row_number() OVER (PARTITION BY d.receiving_agency_id, y.year ORDER BY d.id),
       (1000000 + row_number() OVER (PARTITION BY d.receiving_agency_id, y.year ORDER BY d.id)) || '/TB-KQ', d.result_ready_at, '\x25504446'::bytea
FROM dossiers d
CROSS JOIN LATERAL (SELECT extract(year FROM d.result_ready_at AT TIME ZONE 'UTC' + interval '7 hours')::int AS year) y
WHERE d.status IN (9, 10) AND d.result_ready_at IS NOT NULL
  AND (d.id * 23) % 100 < 30 + 50 * greatest(0, 1 - extract(epoch FROM now() - d.result_ready_at) / (1095 * 86400));
