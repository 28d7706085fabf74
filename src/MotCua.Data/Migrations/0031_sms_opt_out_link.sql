-- Issue 13, found by the trial: a citizen who agreed to SMS alone got no way to stop them, since the default SMS
-- templates carried no opt-out link (e-mail's all do). The first SMS about a dossier (received) now carries it: the link
-- stops every later SMS about that dossier, and putting it in each one would add a paid segment to every message.
-- The financial obligation's SMS says what is owed ({lyDo}: the officer's note), as its e-mail and Zalo forms do.
-- Added as version 2 only where the administrator has not edited the default (the latest version is still version 1,
-- saved by nobody); an edited template is the province's choice and stays.
INSERT INTO notification_templates (event, channel, version, body, without_diacritics, created_at)
SELECT t.event, 'sms', 2, v.body, true, now()
FROM notification_templates t
JOIN (VALUES
    ('received', 'Hồ sơ {maHoSo} ({thuTuc}) đã được tiếp nhận. Hẹn trả kết quả: {hanTra}. Tra cứu: {traCuu}' || chr(10) || 'Ngừng nhận tin: {huyNhan}'),
    ('financialObligation', 'Hồ sơ {maHoSo} đang chờ ông/bà thực hiện nghĩa vụ tài chính: {lyDo}. Chi tiết: {traCuu}')
) AS v (event, body) ON v.event = t.event
WHERE t.channel = 'sms' AND t.version = 1 AND t.created_by IS NULL
  AND NOT EXISTS (SELECT 1 FROM notification_templates later WHERE later.event = t.event AND later.channel = 'sms' AND later.version > 1);
