-- Worklists at millions of dossiers (bench/worklists). With the open statuses as the predicates of partial indexes,
-- PostgreSQL combined the holder's and the receiver's indexes on those predicates alone and read every open dossier
-- of the province for one unit's list. Indexes led by the agency, then the status, answer each unit's lists from its
-- own entries; the status column also covers the desk's online submissions (status 1).
DROP INDEX dossiers_open_by_holder;
DROP INDEX dossiers_open_by_receiver;
CREATE INDEX dossiers_by_holder ON dossiers (current_agency_id, status, due_at);
CREATE INDEX dossiers_by_receiver ON dossiers (receiving_agency_id, status, due_at);
