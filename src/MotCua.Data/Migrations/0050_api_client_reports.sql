-- Issue 15, trial defect 3 (docs/API.md "Reports"): an integrated system reads the reports of one unit only when it is
-- granted that unit here (e.g. the province's reporting system: the province centre, which stands for the province). A
-- client without it (the national portal submitting dossiers) reads no report. Set by the administrator in SQL:
--   UPDATE api_clients SET report_agency_id = (SELECT id FROM agencies WHERE code = '…') WHERE name = '…';
ALTER TABLE api_clients ADD COLUMN report_agency_id int REFERENCES agencies (id);
