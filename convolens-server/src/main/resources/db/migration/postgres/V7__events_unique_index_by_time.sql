-- The unique index that decides duplicates now leads with (tenant_id, ts): new events of a tenant land at the end of
-- its part of the index instead of at random places (ids are random), and the same index serves every
-- tenant-and-time query, so the separate (tenant_id, ts) index goes. Ingest maintains two indexes instead of three.
CREATE UNIQUE INDEX events_tenant_ts_id ON events (tenant_id, ts, id);
DROP INDEX events_tenant_id_ts;
DROP INDEX events_tenant_ts;
