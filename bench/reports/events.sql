-- The recorded events of the generated dossiers with ids :lo..:hi that were received in the last 100 days or are still
-- open: enough for the per-step report, the early warning's three-month history and the dossier pages, without writing
-- the tens of millions of events three years of history would hold (older dossiers keep none; no report reads them).
-- The receipt (or online acceptance), one hand-over per step left (transfer, assignment, completion, approval or refusal on
-- the merits, result ready, as Dossier.Processing records them with the step's index), then the return, a supplement
-- request, a payment wait, a withdrawal or a stop. Hand-over instants split the time from receipt to the end (or to the
-- open step's entry) by the steps' shares of the limit, each dossier stretched by its own random exponent so that the
-- steps' times vary.
INSERT INTO dossier_events (dossier_id, at, actor_name, action, from_status, to_status, note, step_name, step_index)
SELECT d.id, e.at, 'Cán bộ (dữ liệu thử)', e.action, e.from_status, e.to_status, NULL, e.step_name, e.step_index
FROM dossiers d
JOIN bench_units u ON u.id = d.receiving_agency_id
CROSS JOIN LATERAL (SELECT 0.6 + 0.8 * random() AS k) x
-- Steps left: all of them for a result, the steps before the current one for an open dossier, some for a stopped one.
CROSS JOIN LATERAL (SELECT CASE WHEN d.status IN (9, 10) THEN u.steps WHEN d.status IN (4, 5, 6, 7) THEN d.current_step_index
                                WHEN d.status = 8 THEN floor(random() * u.steps)::int ELSE 0 END AS left_steps,
                           CASE WHEN d.status IN (9, 10) THEN d.result_ready_at WHEN d.status IN (4, 5, 6, 7) THEN d.current_step_started_at
                                WHEN d.status = 8 THEN d.received_at + (d.stopped_at - d.received_at) * 0.8 END AS last_at) l
CROSS JOIN LATERAL (
  SELECT d.received_at AS at, CASE WHEN d.channel = 2 THEN 'accept' ELSE 'receive' END AS action,
         CASE WHEN d.channel = 2 THEN 1 END::smallint AS from_status, 2::smallint AS to_status, NULL::text AS step_name, NULL::int AS step_index
  UNION ALL
  SELECT d.received_at + (l.last_at - d.received_at) * power(c.done / c.upto, x.k),
         CASE u.kinds[i + 1] WHEN 0 THEN 'transfer' WHEN 1 THEN 'assign' WHEN 2 THEN 'complete-step'
              WHEN 5 THEN CASE WHEN d.result_kind = 2 THEN 'refuse-merits' ELSE 'approve' END ELSE 'result-ready' END,
         CASE WHEN i = 0 THEN 2 ELSE 4 END::smallint, CASE WHEN u.kinds[i + 1] = 6 THEN 9 ELSE 4 END::smallint, u.names[i + 1], i
  FROM generate_series(0, l.left_steps - 1) i
  CROSS JOIN LATERAL (SELECT (SELECT sum(s) FROM unnest(u.shares[1:i + 1]) s) AS done,
                             (SELECT sum(s) FROM unnest(u.shares[1:l.left_steps]) s) AS upto) c
  UNION ALL
  SELECT d.returned_at, 'return', 9::smallint, 10::smallint, NULL, NULL WHERE d.status = 10
  UNION ALL
  SELECT d.supplement_requested_at, 'supplement-request', 4::smallint, 5::smallint, u.names[d.current_step_index + 1], d.current_step_index
  WHERE d.status = 5
  UNION ALL
  SELECT d.current_step_started_at + interval '1 hour', 'financial-obligation', 4::smallint, 6::smallint, u.names[d.current_step_index + 1], d.current_step_index
  WHERE d.status = 6
  UNION ALL
  SELECT coalesce(d.stopped_at - interval '1 day', d.current_step_started_at + interval '1 hour'), 'withdraw', 4::smallint, 7::smallint, NULL, d.current_step_index
  WHERE d.status = 7 OR d.status = 8 AND d.withdrawal_reason IS NOT NULL
  UNION ALL
  SELECT d.stopped_at, 'stop', 4::smallint, 8::smallint, NULL, NULL WHERE d.status = 8
) e
WHERE d.id BETWEEN :lo AND :hi AND (d.received_at > now() - interval '100 days' OR d.status IN (2, 4, 5, 6, 7, 9))
ORDER BY d.id, e.at;
