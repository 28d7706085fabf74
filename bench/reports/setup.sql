-- What the generator draws from (bench/reports/fill.sql): the receiving units of the demo with their share of the
-- province's dossiers and their internal process (DefaultProcess.For: a commune's civil servant appraises without an
-- assignment step, the centre's department head assigns), and each unit's adopted procedures with their limit.
DROP TABLE IF EXISTS bench_units, bench_procedures;
CREATE TABLE bench_units AS
SELECT a.id, a.code, a.name,
  row_number() OVER (ORDER BY a.kind <> 'province_center', a.id)::int AS ord,
  CASE WHEN a.kind = 'province_center' THEN ARRAY[0, 1, 2, 5, 6] ELSE ARRAY[0, 2, 5, 6] END AS kinds,
  CASE WHEN a.kind = 'province_center'
    THEN ARRAY['Chuyển hồ sơ đến bộ phận giải quyết', 'Phân công xử lý', 'Thẩm định, dự thảo kết quả', 'Phê duyệt, ký kết quả', 'Chuyển kết quả về Bộ phận Một cửa']
    ELSE ARRAY['Chuyển hồ sơ đến bộ phận giải quyết', 'Thẩm định, dự thảo kết quả', 'Phê duyệt, ký kết quả', 'Chuyển kết quả về Bộ phận Một cửa'] END AS names,
  CASE WHEN a.kind = 'province_center'
    THEN ARRAY['Bộ phận Một cửa', 'Lãnh đạo phòng chuyên môn', 'Chuyên viên xử lý', 'Lãnh đạo cơ quan', 'Bộ phận Một cửa']
    ELSE ARRAY['Bộ phận Một cửa', 'Công chức chuyên môn', 'Lãnh đạo cơ quan', 'Bộ phận Một cửa'] END AS performers,
  CASE WHEN a.kind = 'province_center' THEN ARRAY[0.125, 0.125, 0.375, 0.25, 0.125] ELSE ARRAY[0.125, 0.5, 0.25, 0.125] END AS shares,
  CASE WHEN a.kind = 'province_center' THEN 5 ELSE 4 END AS steps,
  (SELECT min(us.id) FROM users us WHERE us.agency_id = a.id AND us.role = 'specialist') AS specialist,
  (SELECT count(*) FROM agency_procedures ap WHERE ap.agency_id = a.id)::int AS procedures
FROM agencies a WHERE a.receives_dossiers;

CREATE TABLE bench_procedures AS
SELECT ap.agency_id, row_number() OVER (PARTITION BY ap.agency_id ORDER BY ap.procedure_code)::int AS n, ap.procedure_code, v.version,
  v.spec ->> 'name' AS name, l.limit_days,
  (SELECT jsonb_agg(jsonb_build_object('name', u.names[i], 'kind', u.kinds[i], 'performer', u.performers[i],
            'allowance', jsonb_build_object('amount', l.limit_days * u.shares[i], 'unit', 0), 'maySendBack', u.kinds[i] IN (2, 5) AND u.steps = 5 OR u.kinds[i] = 5,
            'agencyId', u.id) ORDER BY i)
   FROM bench_units u, generate_series(1, u.steps) i WHERE u.id = ap.agency_id) AS process
FROM agency_procedures ap
JOIN LATERAL (SELECT * FROM procedure_versions pv WHERE pv.procedure_code = ap.procedure_code ORDER BY pv.version DESC LIMIT 1) v ON true
CROSS JOIN LATERAL (SELECT coalesce(ap.time_limit_amount, CASE WHEN v.spec -> 'channels' -> 0 -> 'timeLimit' ->> 'unit' = 'workingDays'
  AND (v.spec -> 'channels' -> 0 -> 'timeLimit' ->> 'amount')::numeric BETWEEN 0.5 AND 60
  THEN (v.spec -> 'channels' -> 0 -> 'timeLimit' ->> 'amount')::numeric END, 10) AS limit_days) l
WHERE ap.agency_id IN (SELECT id FROM bench_units);
CREATE INDEX ON bench_procedures (agency_id, n);
