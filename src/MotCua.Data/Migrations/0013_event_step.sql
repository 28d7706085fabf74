-- Events name the step they concern by its index in the dossier's process (dossiers.process, fixed at transfer) instead
-- of its name, which two steps may share; step_name stays for the history. Existing events get the index of the first
-- step of that name, which is how they were matched until now.
ALTER TABLE dossier_events ADD COLUMN step_index int;

UPDATE dossier_events e
SET step_index = (
    SELECT s.ordinality - 1
    FROM dossiers d, jsonb_array_elements(d.process) WITH ORDINALITY AS s (step, ordinality)
    WHERE d.id = e.dossier_id AND s.step ->> 'name' = e.step_name
    ORDER BY s.ordinality
    LIMIT 1)
WHERE e.step_name IS NOT NULL;
