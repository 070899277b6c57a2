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
-- a recompute deletes a conversation's rows
CREATE INDEX derived_response_times_conversation ON derived_response_times (tenant_id, conversation_id);

-- Every reply response time sample: explicit response.time_recorded events, plus the derived ones (which exist only
-- for conversations without an explicit event). Readers filter by tenant_id and ts; both branches keep the filter.
CREATE VIEW response_samples AS
    SELECT tenant_id, conversation_id, ts, duration_ms, bot_id, channel, user_id, FALSE AS derived
    FROM events WHERE type = 'response.time_recorded' AND duration_ms IS NOT NULL
    UNION ALL
    SELECT tenant_id, conversation_id, ts, duration_ms, bot_id, channel, user_id, TRUE AS derived
    FROM derived_response_times;

-- Conversations stored before this version get their derived samples now (the facts updater's rule, see
-- JdbcFactStore), and each tenant's span of them is marked dirty so the rollups that hold response times are
-- recomputed and the query layer reads raw samples there until they are.
INSERT INTO derived_response_times (tenant_id, conversation_id, reply_id, ts, inbound_at, duration_ms, bot_id, channel,
    user_id)
WITH ev AS (
    SELECT tenant_id, conversation_id, id, type, ts, bot_id, channel, user_id, duration_ms FROM events
    WHERE conversation_id IS NOT NULL AND type IN ('message.received', 'message.sent', 'response.time_recorded')
), explicit AS (
    SELECT DISTINCT tenant_id, conversation_id FROM ev WHERE type = 'response.time_recorded' AND duration_ms IS NOT NULL
), msg AS (
    SELECT ev.*, CASE WHEN ev.type = 'message.sent' THEN 1 ELSE 0 END AS outbound FROM ev
    LEFT JOIN explicit x ON x.tenant_id = ev.tenant_id AND x.conversation_id = ev.conversation_id
    WHERE ev.type IN ('message.received', 'message.sent') AND x.conversation_id IS NULL
), numbered AS (
    SELECT msg.*, SUM(outbound) OVER (PARTITION BY tenant_id, conversation_id ORDER BY ts, outbound, id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - outbound AS reply_no
    FROM msg
), replies AS (
    SELECT tenant_id, conversation_id,
        MIN(ts) FILTER (WHERE outbound = 0) AS inbound_at,
        MAX(ts) FILTER (WHERE outbound = 1) AS reply_at,
        MAX(id) FILTER (WHERE outbound = 1) AS reply_id,
        MAX(bot_id) FILTER (WHERE outbound = 1) AS bot_id,
        MAX(channel) FILTER (WHERE outbound = 1) AS channel,
        MAX(user_id) FILTER (WHERE outbound = 1) AS user_id
    FROM numbered GROUP BY tenant_id, conversation_id, reply_no
)
SELECT r.tenant_id, r.conversation_id, r.reply_id, r.reply_at, r.inbound_at,
    CAST(ROUND((EXTRACT(EPOCH FROM r.reply_at) - EXTRACT(EPOCH FROM r.inbound_at)) * 1000) AS BIGINT),
    COALESCE(r.bot_id, c.bot_id), COALESCE(r.channel, c.channel), COALESCE(r.user_id, c.user_id)
FROM replies r LEFT JOIN conversations c ON c.tenant_id = r.tenant_id AND c.conversation_id = r.conversation_id
WHERE r.inbound_at IS NOT NULL AND r.reply_at IS NOT NULL;

INSERT INTO dirty_ranges (seq, tenant_id, from_ts, to_ts, created_at)
SELECT nextval('dirty_ranges_seq'), tenant_id, from_ts, to_ts, now() FROM (
    SELECT tenant_id, MIN(ts) AS from_ts, MAX(ts) AS to_ts FROM derived_response_times GROUP BY tenant_id) t;
