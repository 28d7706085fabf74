-- Issue 13, found by the trial: a citizen who agreed to Zalo alone had no way to stop its messages, since no default
-- ZNS template carried the opt-out link (e-mail's all do; SMS's first since migration 0031). The first Zalo message
-- about a dossier (received) now carries it as the ZNS parameter huy_nhan; the link stops every later Zalo message about
-- that dossier. A ZNS template's text is fixed when Zalo approves it, so the longer text is a new template id (the
-- demo's 400121), which a province registers with Zalo before it uses this version.
-- Added as version 2 only where the administrator has not edited the default (the latest version is still version 1,
-- saved by nobody); an edited template is the province's choice and stays.
INSERT INTO notification_templates (event, channel, version, body, zns_template_id, zns_params, created_at)
SELECT t.event, 'zalo', 2,
       t.body || chr(10) || 'Ngừng nhận tin qua Zalo: {huyNhan}', '400121',
       t.zns_params || '{"huyNhan": "huy_nhan"}'::jsonb, now()
FROM notification_templates t
WHERE t.event = 'received' AND t.channel = 'zalo' AND t.version = 1 AND t.created_by IS NULL
  AND NOT EXISTS (SELECT 1 FROM notification_templates later WHERE later.event = t.event AND later.channel = 'zalo' AND later.version > 1);
