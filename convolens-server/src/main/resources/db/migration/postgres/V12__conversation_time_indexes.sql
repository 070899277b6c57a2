-- Conversation facts are read by the instant each measure completed (SPEC §4); the period still open (today on the
-- dashboard) is always read from these rows. Without an index per time column PostgreSQL scanned all conversations
-- (145 ms for a big tenant's resolutions today on a 1.9M-conversation store). started_at has one since V2.
CREATE INDEX conversations_tenant_resolved ON conversations (tenant_id, resolved_at);
CREATE INDEX conversations_tenant_escalated ON conversations (tenant_id, escalated_at);
CREATE INDEX conversations_tenant_first_response ON conversations (tenant_id, first_response_at);
