-- The desk's "mine" list also holds the online submissions it has still to check (status 1). Without them in this
-- index, PostgreSQL answered that list by reading every dossier the unit ever received (bench/worklists).
DROP INDEX dossiers_open_by_receiver;
CREATE INDEX dossiers_open_by_receiver ON dossiers (receiving_agency_id, due_at, id) WHERE status IN (1, 2, 4, 5, 6, 7, 9);
