-- Issue 16, sixteenth trial finding 4 (docs/PORTAL.md "Supplement history"): the portal's supplement history
-- (DanhSachHoSoBoSung) needs, for every supplement, the due instant before the pause (NgayHenTraTruoc), the new one after
-- the restart (NgayHenTraMoi) and the documents the answer brought (DanhSachGiayToBoSung). The dossier keeps only its
-- current due instant and its current request's items, so each event now keeps the due instant it left the dossier with
-- (due_at), and a supplement's answer the documents it brought (supplied_documents: [{name, fileUrl?}]), written with
-- the event in the action's own statement.
ALTER TABLE dossier_events ADD COLUMN due_at timestamptz, ADD COLUMN supplied_documents jsonb;

-- Backfill what the rows already say (the rest stays NULL and is sent as ""/[]).
-- 1. An answer's note ends "hẹn trả [dự kiến] HH:mm dd/MM/yyyy", written in Vietnam time: the new due to the minute.
UPDATE dossier_events e
SET due_at = to_timestamp(p.m[2] || ' +07', 'HH24:MI DD/MM/YYYY TZH')
FROM (SELECT id, regexp_match(note, 'hẹn trả (dự kiến )?(\d{2}:\d{2} \d{2}/\d{2}/\d{4})') AS m
      FROM dossier_events WHERE action = 'supplement-received') p
WHERE e.id = p.id AND p.m IS NOT NULL;

-- 2. The latest answer of a dossier whose due has not moved since (no extension, no payment shifting it) has the
-- dossier's current due exactly, seconds included.
UPDATE dossier_events e SET due_at = d.due_at
FROM dossiers d
WHERE e.dossier_id = d.id AND e.action = 'supplement-received' AND d.due_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM dossier_events l WHERE l.dossier_id = e.dossier_id AND (l.at, l.id) > (e.at, e.id)
                  AND l.action IN ('supplement-received', 'extend', 'payment-received'));

-- 3. A request still awaited (the dossier at status 5, nothing recorded after it) paused the current due.
UPDATE dossier_events e SET due_at = d.due_at
FROM dossiers d
WHERE e.dossier_id = d.id AND e.action = 'supplement-request' AND d.status = 5
  AND NOT EXISTS (SELECT 1 FROM dossier_events l WHERE l.dossier_id = e.dossier_id AND (l.at, l.id) > (e.at, e.id));

-- 4. A later request paused the due the previous answer set, when nothing moved it in between.
UPDATE dossier_events e
SET due_at = (SELECT p.due_at FROM dossier_events p
              WHERE p.dossier_id = e.dossier_id AND (p.at, p.id) < (e.at, e.id)
                AND p.action IN ('supplement-received', 'extend', 'payment-received')
              ORDER BY p.at DESC, p.id DESC LIMIT 1)
WHERE e.action = 'supplement-request' AND e.due_at IS NULL;

-- 5. The documents of an answer: the supplement files added with it (dossier_files purpose 2 at the event's instant: a
-- citizen's online answer, dossier_supplement_answers), one entry per document line.
UPDATE dossier_events e
SET supplied_documents = (SELECT jsonb_agg(jsonb_build_object('name', n.name) ORDER BY n.name)
                          FROM (SELECT DISTINCT coalesce(f.document_name, f.display_name) AS name FROM dossier_files f
                                WHERE f.dossier_id = e.dossier_id AND f.purpose = 2 AND f.added_at = e.at) n)
WHERE e.action = 'supplement-received'
  AND EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = e.dossier_id AND f.purpose = 2 AND f.added_at = e.at);
