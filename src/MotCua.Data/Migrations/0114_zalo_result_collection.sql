-- Brief p16q (trial 16g LOW 15): the result-ready e-mail and SMS say how this applicant chose to receive the result
-- ({nhanKetQua}, migration 0110, following Dossier.ResultDelivery since 0111), but the default Zalo message still told
-- everyone "Mời ông/bà đến nhận tại {coQuan}", also those whose result goes by post or is downloaded online. A ZNS
-- template's text and parameters are fixed when Zalo approves it, so the new wording is a new template id (the demo's
-- 400122, parameter nhan_ket_qua in place of co_quan), which a province registers with Zalo before it uses this version
-- (as 0036 did for the opt-out link). Added as version 2 only where the administrator has not edited the default (the
-- latest version is still version 1, saved by nobody, with the default sentence); an edited template stays.
INSERT INTO notification_templates (event, channel, version, body, zns_template_id, zns_params, created_at)
SELECT t.event, 'zalo', 2,
       replace(t.body, 'Mời ông/bà đến nhận tại {coQuan}.', 'Cách nhận kết quả: {nhanKetQua}.'), '400122',
       (t.zns_params - 'coQuan') || '{"nhanKetQua": "nhan_ket_qua"}'::jsonb, now()
FROM notification_templates t
WHERE t.event = 'resultReady' AND t.channel = 'zalo' AND t.version = 1 AND t.created_by IS NULL
  AND strpos(t.body, 'Mời ông/bà đến nhận tại {coQuan}.') > 0
  AND NOT EXISTS (SELECT 1 FROM notification_templates later WHERE later.event = t.event AND later.channel = 'zalo' AND later.version > 1);
