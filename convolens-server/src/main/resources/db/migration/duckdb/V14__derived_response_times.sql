-- Reply response times derived from messages (SPEC §4 facts) for conversations without response.time_recorded:
-- each first message.sent after one or more message.received, measured from the first of those inbound messages.
-- Rewritten by the facts updater with the rest of a conversation's facts (delete + insert per conversation).
-- channel and bot_id are the reply's, else its conversation's, as readers resolve them for explicit events.
CREATE TABLE derived_response_times (
    tenant_id        VARCHAR NOT NULL,
    conversation_id  VARCHAR NOT NULL,
    reply_id         VARCHAR NOT NULL,
    ts               TIMESTAMPTZ NOT NULL,
    inbound_at       TIMESTAMPTZ NOT NULL,
    duration_ms      BIGINT NOT NULL,
    bot_id           VARCHAR,
    channel          VARCHAR,
    user_id          VARCHAR
);
-- readers ask for one tenant's samples in a time range
CREATE INDEX derived_response_times_tenant_ts ON derived_response_times (tenant_id, ts);

-- Every reply response time sample: explicit response.time_recorded events, plus the derived ones (which exist only
-- for conversations without an explicit event). Readers filter by tenant_id and ts; both branches keep the filter.
CREATE VIEW response_samples AS
    SELECT tenant_id, conversation_id, ts, duration_ms, bot_id, channel, user_id, FALSE AS derived
    FROM events WHERE type = 'response.time_recorded' AND duration_ms IS NOT NULL
    UNION ALL
    SELECT tenant_id, conversation_id, ts, duration_ms, bot_id, channel, user_id, TRUE AS derived
    FROM derived_response_times;
