-- Issue 16 (docs/PORTAL.md "Session 24"): the portal's HoSo names in DonViXuLy the agency holding the dossier once its
-- event was done. A HoSo built late (an outage, a backlog) read the holder as the dossier stands, so after a transfer
-- to another agency (a hand-off up a level, a step at another agency) every earlier HoSo named the later holder. Each
-- event now keeps the holder it left (dossiers.current_agency_id at the event), written with the event. The events do
-- not say it otherwise: a transfer's note names the step's performer in words, not its agency, a step completed into
-- another agency's step says nothing of it, and a reorganisation rewrites the process's agencies.
ALTER TABLE dossier_events ADD COLUMN holder_agency_id int REFERENCES agencies (id);

-- Backfill what the rows say exactly (the rest stays NULL: the HoSo then names the dossier's current holder, as before).
-- 1. A dossier's latest event left the holder it has now.
UPDATE dossier_events e SET holder_agency_id = d.current_agency_id
FROM dossiers d
WHERE e.dossier_id = d.id
  AND NOT EXISTS (SELECT 1 FROM dossier_events l WHERE l.dossier_id = e.dossier_id AND (l.at, l.id) > (e.at, e.id));

-- 2. Without a reorganisation (which moves the receiving point itself), the receiving point held the dossier until its
-- transfer (the first entry into a step), and again from the result's return to it (result-ready) or the stop notice on.
UPDATE dossier_events e SET holder_agency_id = d.receiving_agency_id
FROM dossiers d
WHERE e.dossier_id = d.id AND e.holder_agency_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM dossier_events r WHERE r.dossier_id = e.dossier_id AND r.action = 'reorganise')
  AND (NOT EXISTS (SELECT 1 FROM dossier_events t WHERE t.dossier_id = e.dossier_id AND t.action = 'transfer' AND (t.at, t.id) <= (e.at, e.id))
       OR EXISTS (SELECT 1 FROM dossier_events b WHERE b.dossier_id = e.dossier_id AND b.action IN ('result-ready', 'stop') AND (b.at, b.id) <= (e.at, e.id)));
