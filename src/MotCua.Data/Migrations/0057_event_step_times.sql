-- Issue 16, piece 0 (docs/design/ISSUE16.md §3): each event of a dossier keeps the start and the due instant of the process
-- step it concerns, as they were when it was recorded, so the national portal's progress entries (CapNhatTienDoHoSoMC:
-- NgayBatDau, NgayKetThucTheoQuyDinh) say what was true at the event however late they are built or sent again.
-- Events recorded before this column have none (NULL): the portal payload then reports the dossier's due instant.
ALTER TABLE dossier_events ADD COLUMN step_started_at timestamptz, ADD COLUMN step_due_at timestamptz;
