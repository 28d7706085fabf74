-- Issue 17 (docs/CITIZENS.md "Queue administration"): what /quan-tri/xep-hang and PUT /api/v1/admin/queue/{agency} set
-- beyond migration 0070. remote_quota: the most remote tickets of the service a day, fixed by the centre; null keeps the
-- share of the expected capacity (Motcua:Queue:RemoteShare). closed: a counter the centre no longer uses; it stays (its
-- tickets refer to it) but no officer takes it and nobody is called to it.
ALTER TABLE queue_services ADD COLUMN remote_quota int CHECK (remote_quota BETWEEN 0 AND 9999);
ALTER TABLE queue_counters ADD COLUMN closed boolean NOT NULL DEFAULT false;
