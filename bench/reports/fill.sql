-- One batch of the province's generated dossiers: ids :lo..:hi of :total, received over the three years before now.
-- psql variables: lo, hi, total, base (dossier g of total gets id base + g, so that batches may run side by side).
-- Run with session_replication_role = replica (the foreign keys are valid by construction
-- and the Biểu 06 triggers are recomputed once after the fill, by bench/reports/run.sh).
--
-- Shapes (docs/PERFORMANCE.md "Reports at 10,000,000 dossiers"): every receiving unit of the demo, the centre taking 40 %
-- and each commune 15 %; one of the unit's adopted procedures, its limit from the catalogue's first channel in working
-- days (10 when it gives none); online share growing from 25 % three years ago to 55 % now, postal 5 %; received on a
-- working day in office hours (07:30–11:30, 13:30–17:00 Vietnam time). Open: 70 % of what came in the last 15 days,
-- 8 % of the 15–60 days before, 1.2 % of older ones (long overdue or waiting for the citizen): about 3 % in all.
-- Ended: refused on the merits 2 %, withdrawn 1 %, stopped 1 %, else resolved, 76 % early, 20 % on the due day, 4 % late.
INSERT INTO dossiers (id, code, receiving_agency_id, current_agency_id, procedure_code, procedure_version, procedure_name, channel,
  status, applicant_full_name, applicant_id_number, applicant_phone, applicant_address, documents, sets, submitted_at,
  received_at, time_limit_amount, time_limit_unit, due_at, original_due_at, clock_started_at, process, current_step_index,
  current_step_kind, current_step_name, current_step_started_at, assignee_user_id, transferred_at, resolving_agency_id,
  result_kind, result_ready_at, returned_at, return_method, withdrawal_reason, stop_reason, stopped_at,
  supplement_requested_at, held_by_agency_ids, register_year, register_number, result_delivery_method, result_delivery_address)
SELECT :base + g, u.code || '-' || to_char(r.recv AT TIME ZONE 'UTC' + interval '7 hours', 'YYMMDD') || '-' || lpad(g::text, 8, '0'),
  u.id, u.id, p.procedure_code, p.version, p.name,
  ch.channel, st.status,
  'Người dân ' || g, lpad((g % 1000000000000)::text, 12, '0'), '09' || lpad((g % 100000000)::text, 8, '0'), u.name, '[]', 1,
  CASE WHEN ch.channel = 2 THEN r.recv - (x.r5 * 20) * interval '1 hour' ELSE r.recv END,
  r.recv, p.limit_days, 0, due.at, due.at, r.recv,
  CASE WHEN st.status = 2 THEN '[]'::jsonb ELSE p.process END,
  CASE WHEN st.status IN (4, 5, 6, 7) THEN st.step END,
  CASE WHEN st.status IN (4, 5, 6, 7) THEN (u.kinds)[st.step + 1] END,
  CASE WHEN st.status IN (4, 5, 6, 7) THEN (u.names)[st.step + 1] END,
  CASE WHEN st.status IN (4, 5, 6, 7) THEN st.step_at END,
  CASE WHEN st.status IN (4, 5, 6) AND (u.kinds)[st.step + 1] = 2 THEN u.specialist END,
  CASE WHEN st.status <> 2 THEN r.recv + interval '30 minutes' END,
  CASE WHEN st.status <> 2 THEN u.id END,
  CASE WHEN st.status IN (9, 10) THEN st.result_kind END,
  CASE WHEN st.status IN (9, 10) THEN st.end_at END,
  CASE WHEN st.status = 10 THEN least(st.end_at + (x.r6 * 3) * interval '1 day', now()) END,
  CASE WHEN st.status = 10 THEN 1 END,
  CASE WHEN st.status = 7 OR st.status = 8 AND st.withdrawn THEN 'Công dân xin rút hồ sơ' END,
  CASE WHEN st.status = 8 AND NOT st.withdrawn THEN 'Không bổ sung hồ sơ trong thời hạn' END,
  CASE WHEN st.status = 8 THEN st.end_at END,
  CASE WHEN st.status = 5 THEN st.step_at END,
  ARRAY[u.id], extract(year FROM r.recv AT TIME ZONE 'UTC' + interval '7 hours')::int, NULL,
  CASE ch.channel WHEN 3 THEN 2 WHEN 2 THEN 3 ELSE 1 END, CASE WHEN ch.channel = 3 THEN u.name END
FROM generate_series(:lo, :hi) g
CROSS JOIN LATERAL (SELECT random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                           random() AS r7, random() AS r8, g AS gg) x
-- The unit: the centre 40 %, each commune 15 %.
JOIN bench_units u ON u.ord = CASE WHEN x.r1 < 0.4 THEN 1 ELSE 2 + floor((x.r1 - 0.4) / 0.15)::int END
CROSS JOIN LATERAL (SELECT * FROM bench_procedures bp WHERE bp.agency_id = u.id AND bp.n = 1 + (x.gg::bigint * 7919) % u.procedures) p
-- The day: in the order of the ids, as a province's dossiers arrive (so the table's physical order follows receipt, as in
-- production), moved off weekends to the Friday before; the minute within office hours.
CROSS JOIN LATERAL (SELECT floor((:total - g) * 1095.0 / :total)::int AS age) a
CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC' + interval '7 hours')::date - a.age AS day0) d0
CROSS JOIN LATERAL (SELECT d0.day0 - CASE extract(isodow FROM d0.day0) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END AS day,
                           floor(x.r3 * 450)::int AS minute) d
CROSS JOIN LATERAL (SELECT least((d.day + time '07:30' + (d.minute + CASE WHEN d.minute >= 240 THEN 120 ELSE 0 END) * interval '1 minute')
                                 - interval '7 hours', now() AT TIME ZONE 'UTC' - interval '1 hour') AT TIME ZONE 'UTC' AS recv) r
CROSS JOIN LATERAL (SELECT CASE WHEN x.r4 < 0.05 THEN 3 WHEN x.r4 < 0.05 + 0.25 + 0.30 * (1 - a.age / 1095.0) THEN 2 ELSE 1 END AS channel) ch
-- The due instant: the limit in working days as calendar days (7 for 5), off weekends, at the time of receipt.
CROSS JOIN LATERAL (SELECT r.recv + (ceil(p.limit_days * 7 / 5.0) + CASE extract(isodow FROM d.day + ceil(p.limit_days * 7 / 5.0)::int)
                           WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END) * interval '1 day' AS at) due
CROSS JOIN LATERAL (SELECT extract(epoch FROM due.at - r.recv) / 86400 AS span) s
CROSS JOIN LATERAL (
  SELECT o.*,
    -- An open dossier at a step: entered some time after receipt, before now.
    least(r.recv + (0.2 + 0.6 * x.r7) * (least(now(), greatest(due.at, r.recv + interval '1 day')) - r.recv), now() - interval '5 minutes') AS step_at,
    floor(x.r8 * u.steps)::int AS step
  FROM (SELECT
    CASE WHEN o1.open THEN (ARRAY[2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 6, 7, 9, 9])[1 + floor(x.r6 * 20)::int]
         WHEN o1.end_at > now() THEN 4
         WHEN x.r5 < 0.02 THEN 10 WHEN x.r5 < 0.04 THEN 8 ELSE 10 END AS status,
    CASE WHEN NOT o1.open AND x.r5 < 0.02 THEN 2 ELSE 1 END AS result_kind,
    x.r5 >= 0.02 AND x.r5 < 0.03 OR o1.open AND x.r6 >= 0.85 AND x.r6 < 0.9 AS withdrawn,
    CASE WHEN o1.open THEN least(now() - interval '10 minutes', r.recv + x.r7 * (now() - r.recv)) ELSE o1.end_at END AS end_at
    FROM (SELECT
      x.r8 < CASE WHEN a.age <= 15 THEN 0.7 WHEN a.age <= 60 THEN 0.08 ELSE 0.012 END AS open,
      CASE WHEN x.r7 < 0.76 THEN greatest(r.recv + interval '1 hour', r.recv + floor((0.2 + 0.7 * x.r6) * s.span) * interval '1 day' + (x.r3 - 0.5) * interval '3 hours')
           WHEN x.r7 < 0.96 THEN due.at - (10 + x.r6 * 110) * interval '1 minute'
           ELSE due.at + (1 + floor(x.r6 * 10)) * interval '1 day' END AS end_at) o1) o
) st;
