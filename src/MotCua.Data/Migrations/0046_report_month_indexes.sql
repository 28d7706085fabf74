-- The 766 index (docs/REPORTS.md §5) counts the dossiers received and resolved in a month, for the province or one unit,
-- from the rows (Index766Reads). Without an index on the instants, each of its inputs read the whole table (measured on
-- the scale bench, docs/PERFORMANCE.md "Reports at scale"). These indexes give a month's rows by range, and carry the
-- columns the counts read so that the received counts are answered from the index alone.
CREATE INDEX dossiers_received_month ON dossiers (received_at) INCLUDE (receiving_agency_id, channel) WHERE received_at IS NOT NULL;
CREATE INDEX dossiers_resolved_month ON dossiers (result_ready_at)
    INCLUDE (receiving_agency_id, id, procedure_code, original_due_at, clock_started_at) WHERE result_ready_at IS NOT NULL;
