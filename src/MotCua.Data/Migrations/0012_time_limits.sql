-- Time limits exactly as the law and the catalogue write them (issue 9; docs/CALENDAR.md, docs/CATALOG.md).

-- The case of the procedure's time limit the officer chose at the desk ("trong trường hợp giấy tờ phức tạp …"), printed
-- on Mẫu 01; null when the channel's own limit applies. The unit itself is dossiers.time_limit_unit, whose numbers
-- grow (TimeUnit: 2 calendar days, 3 months, 4 same day) without touching the existing ones.
ALTER TABLE dossiers ADD COLUMN time_limit_condition text;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_time_limit_condition_length CHECK (length(time_limit_condition) <= 1000);

-- A dossier received at a point other than the competent agency (boundary-free intake) has two starts: when the point
-- received it (received_at) and when the competent agency did. The due date counts from the instant the route's rule
-- names; both are kept so that Mẫu 01 and the dossier page can show them.
ALTER TABLE dossiers ADD COLUMN competent_received_at timestamptz;

-- The official decisions already issued for 2025 and 2026, so that a new database does not compute those years by the
-- default rule (31/12/2025 10:00 + 2 working days is Tue 6/1/2026 10:00, not Mon 5/1). Each line's note names its
-- source. A year an administrator already entered is left exactly as it is: a year's list is replaced only whole.
INSERT INTO calendar_days (date, kind, name, note)
SELECT v.date::date, v.kind, v.name, v.note
FROM (VALUES
    ('2025-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a.'),
    ('2025-01-27', 'holiday', 'Tết Nguyên đán', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024: nghỉ từ thứ Bảy 25/01 đến hết Chủ nhật 02/02/2025.'),
    ('2025-01-28', 'holiday', 'Tết Nguyên đán', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024.'),
    ('2025-01-29', 'holiday', 'Tết Nguyên đán', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024.'),
    ('2025-01-30', 'holiday', 'Tết Nguyên đán', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024.'),
    ('2025-01-31', 'holiday', 'Tết Nguyên đán', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024.'),
    ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e (10/3 âm lịch).'),
    ('2025-04-26', 'makeupWorkday', 'Làm bù cho ngày 02/05', 'Hoán đổi ngày làm việc dịp 30/4–1/5/2025 do Thủ tướng Chính phủ đồng ý (theo tin đã đăng; số văn bản cần đối chiếu).'),
    ('2025-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c.'),
    ('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d.'),
    ('2025-05-02', 'compensatory', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04)', 'Hoán đổi ngày làm việc dịp 30/4–1/5/2025 do Thủ tướng Chính phủ đồng ý (theo tin đã đăng; số văn bản cần đối chiếu).'),
    ('2025-09-01', 'holiday', 'Quốc khánh', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024: nghỉ thứ Hai 01/9 và thứ Ba 02/9/2025.'),
    ('2025-09-02', 'holiday', 'Quốc khánh', 'Thông báo 6150/TB-LĐTBXH ngày 08/11/2024.'),
    ('2026-01-01', 'holiday', 'Tết Dương lịch', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026.'),
    ('2026-01-02', 'compensatory', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01)', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025: hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026.'),
    ('2026-01-10', 'makeupWorkday', 'Làm bù cho ngày 02/01', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025.'),
    ('2026-02-16', 'holiday', 'Tết Nguyên đán', 'Thông báo 9441/TB-BNV ngày 16/10/2025: nghỉ từ thứ Hai 16/02 đến hết thứ Sáu 20/02/2026, nối tiếp hai kỳ nghỉ cuối tuần (14/02–22/02).'),
    ('2026-02-17', 'holiday', 'Tết Nguyên đán', 'Thông báo 9441/TB-BNV ngày 16/10/2025.'),
    ('2026-02-18', 'holiday', 'Tết Nguyên đán', 'Thông báo 9441/TB-BNV ngày 16/10/2025.'),
    ('2026-02-19', 'holiday', 'Tết Nguyên đán', 'Thông báo 9441/TB-BNV ngày 16/10/2025.'),
    ('2026-02-20', 'holiday', 'Tết Nguyên đán', 'Thông báo 9441/TB-BNV ngày 16/10/2025.'),
    ('2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương', 'Trùng Chủ nhật; được nghỉ bù thứ Hai 27/04 (Bộ luật Lao động 2019, Điều 111 khoản 3).'),
    ('2026-04-27', 'compensatory', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Bộ luật Lao động 2019, Điều 111 khoản 3.'),
    ('2026-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c.'),
    ('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d.'),
    ('2026-09-01', 'holiday', 'Quốc khánh', 'Thông báo 9441/TB-BNV ngày 16/10/2025 (ngày liền kề 02/9 theo tin đã đăng; cần đối chiếu văn bản).'),
    ('2026-09-02', 'holiday', 'Quốc khánh', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ.')
) AS v (date, kind, name, note)
WHERE NOT EXISTS (SELECT 1 FROM calendar_days d WHERE extract(year FROM d.date) = extract(year FROM v.date::date));

-- The calendar page's history says where the lines came from.
INSERT INTO audit_log (at, action, subject, details)
SELECT now(), 'calendar.official-days.replace', 'calendar:' || y.year,
    jsonb_build_object('by', 'Dữ liệu cài đặt', 'summary',
        'Năm ' || y.year || ': nạp sẵn các quyết định nghỉ lễ đã ban hành (nguồn ghi ở từng ngày).')
FROM (SELECT DISTINCT extract(year FROM date)::int AS year FROM calendar_days
      WHERE note LIKE 'Thông báo 6150/TB-LĐTBXH%' OR note LIKE 'Văn bản 12729/VPCP-KGVX%') AS y;
