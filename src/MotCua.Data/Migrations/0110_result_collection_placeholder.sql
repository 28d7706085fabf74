-- Issue 17, found by a trial: the result-ready e-mail told every applicant "đến nhận kết quả tại {coQuan} hoặc theo
-- hình thức đã đăng ký" and the SMS "Mời ông/bà đến nhận", also to those whose result goes by post or is downloaded
-- online. The new placeholder {nhanKetQua} says how this applicant gets it, by the channel the dossier came in
-- (NotificationPlaceholders.ResultCollection). Added as the next version only where the administrator has not edited the
-- default (the latest version is still version 1, saved by nobody, with the default sentence); an edited template is the
-- province's choice and stays. Zalo keeps its wording: a ZNS template's text is registered with Zalo, and a new one
-- with the extra parameter needs Zalo's approval before the administrator can switch to it.
INSERT INTO notification_templates (event, channel, version, subject, body, without_diacritics, created_at)
SELECT t.event, t.channel, 2, t.subject, replace(t.body, v.old, v.new), t.without_diacritics, now()
FROM notification_templates t
JOIN (VALUES
    ('email', 'Mời ông/bà đến nhận kết quả tại {coQuan} hoặc theo hình thức đã đăng ký.', 'Cách nhận kết quả: {nhanKetQua}.'),
    ('sms', 'Mời ông/bà đến nhận.', 'Nhận kết quả: {nhanKetQua}.')
) AS v (channel, old, new) ON v.channel = t.channel
WHERE t.event = 'resultReady' AND t.version = 1 AND t.created_by IS NULL AND strpos(t.body, v.old) > 0
  AND NOT EXISTS (SELECT 1 FROM notification_templates later WHERE later.event = t.event AND later.channel = t.channel AND later.version > 1);
