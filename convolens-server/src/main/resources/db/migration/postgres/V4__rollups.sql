-- Rollup tables (SPEC §5), one per RollupFamily in dev.convolens.rollup. Each family replaces the rows of one tenant
-- and period (delete + insert in one transaction). Every table has tenant_id and period_start (the period's first
-- instant: a UTC hour, or a tenant-local midnight for days, ISO weeks from Monday and months); day, week and month
-- tables also have period_date, the local date the period starts on. Retention deletes by period_start.
-- Durations are milliseconds; *_rate columns are fractions 0..1 and *_pct columns percentages 0..100, NULL when
-- their denominator is 0. *_count and *_sum_ms columns let a reader average over several periods exactly.
-- Percentiles are exact per row and can never be combined: the tables that break them down by channel and bot
-- also hold '*' rows (the same measures over all values of that dimension).
-- A dimension missing on an event is taken from the event's conversation; a channel still missing is 'other', a
-- bot still missing is NULL.

-- UTC hour x channel x bot x direction (inbound = message.received, outbound = message.sent). Leaf rows only: sum them.
CREATE TABLE hourly_message_counts (
    tenant_id      VARCHAR NOT NULL,
    period_start   TIMESTAMPTZ NOT NULL,
    channel        VARCHAR NOT NULL,
    bot_id         VARCHAR,
    direction      VARCHAR NOT NULL,
    message_count  BIGINT NOT NULL
);

-- UTC hour x channel x bot: response.time_recorded durationMs. channel = '*' / bot_id = '*' rows hold the same
-- measures over all channels / all bots (exact percentiles); the ('*', '*') row is the whole tenant.
CREATE TABLE hourly_response_times (
    tenant_id      VARCHAR NOT NULL,
    period_start   TIMESTAMPTZ NOT NULL,
    channel        VARCHAR NOT NULL,
    bot_id         VARCHAR,
    samples        BIGINT NOT NULL,
    sum_ms         DOUBLE PRECISION NOT NULL,
    avg_ms         DOUBLE PRECISION,
    p50_ms         DOUBLE PRECISION,
    p95_ms         DOUBLE PRECISION,
    p99_ms         DOUBLE PRECISION
);

-- Local day x channel x bot, from conversation facts; each measure counts in the day it completed (started_at,
-- resolved_at, escalated_at, first_response_at, agent_first_response_at). '*' rows as in hourly_response_times.
-- ai_escalated = escalated that day after at least one outbound message (message.sent) earlier in the conversation.
CREATE TABLE daily_conversation_metrics (
    tenant_id                      VARCHAR NOT NULL,
    period_start                   TIMESTAMPTZ NOT NULL,
    period_date                    DATE NOT NULL,
    channel                        VARCHAR NOT NULL,
    bot_id                         VARCHAR,
    conversations_started          BIGINT NOT NULL,
    conversations_resolved         BIGINT NOT NULL,
    conversations_escalated        BIGINT NOT NULL,
    ai_handled                     BIGINT NOT NULL,
    ai_escalated                   BIGINT NOT NULL,
    first_response_count           BIGINT NOT NULL,
    first_response_sum_ms          DOUBLE PRECISION,
    first_response_avg_ms          DOUBLE PRECISION,
    first_response_p50_ms          DOUBLE PRECISION,
    first_response_p95_ms          DOUBLE PRECISION,
    agent_first_response_count     BIGINT NOT NULL,
    agent_first_response_sum_ms    DOUBLE PRECISION,
    agent_first_response_avg_ms    DOUBLE PRECISION,
    agent_first_response_p50_ms    DOUBLE PRECISION,
    agent_first_response_p95_ms    DOUBLE PRECISION,
    resolution_count               BIGINT NOT NULL,
    resolution_sum_ms              DOUBLE PRECISION,
    resolution_avg_ms              DOUBLE PRECISION,
    resolution_p50_ms              DOUBLE PRECISION,
    resolution_p95_ms              DOUBLE PRECISION
);

-- Local day x staff member. conversations_handled = distinct conversations with a response.staff_sent by the staff
-- that day; satisfaction = CSAT ratings (1..5) received that day on conversations the staff ever replied in;
-- agent first response = conversations credited to the staff (agent_id) by agent_first_response_at;
-- live chats = accepted by the staff that day, with their wait.
CREATE TABLE daily_staff_performance (
    tenant_id                     VARCHAR NOT NULL,
    period_start                  TIMESTAMPTZ NOT NULL,
    period_date                   DATE NOT NULL,
    staff_id                      VARCHAR NOT NULL,
    conversations_handled         BIGINT NOT NULL,
    replies                       BIGINT NOT NULL,
    tasks_completed               BIGINT NOT NULL,
    agent_first_response_count    BIGINT NOT NULL,
    agent_first_response_sum_ms   DOUBLE PRECISION,
    agent_first_response_avg_ms   DOUBLE PRECISION,
    satisfaction_count            BIGINT NOT NULL,
    satisfaction_sum              DOUBLE PRECISION,
    satisfaction_avg              DOUBLE PRECISION,
    livechats_accepted            BIGINT NOT NULL,
    livechat_wait_count           BIGINT NOT NULL,
    livechat_wait_sum_ms          DOUBLE PRECISION,
    livechat_wait_avg_ms          DOUBLE PRECISION
);

-- Local day x intent. escalated_count = conversations escalated that day in which the intent was classified.
CREATE TABLE daily_intent_distribution (
    tenant_id              VARCHAR NOT NULL,
    period_start           TIMESTAMPTZ NOT NULL,
    period_date            DATE NOT NULL,
    intent                 VARCHAR NOT NULL,
    classified_count       BIGINT NOT NULL,
    confidence_count       BIGINT NOT NULL,
    confidence_sum         DOUBLE PRECISION,
    avg_confidence         DOUBLE PRECISION,
    low_confidence_count   BIGINT NOT NULL,
    action_taken_count     BIGINT NOT NULL,
    escalated_count        BIGINT NOT NULL
);

-- Local ISO week (from Monday; period_date = the Monday) x channel. responses/rating_n = CSAT ratings with a whole
-- value 1..5 (metadata.scale not 'nps'); NPS = ratings with metadata.scale 'nps' and a whole value 0..10.
CREATE TABLE weekly_satisfaction_trends (
    tenant_id        VARCHAR NOT NULL,
    period_start     TIMESTAMPTZ NOT NULL,
    period_date      DATE NOT NULL,
    channel          VARCHAR NOT NULL,
    surveys_sent     BIGINT NOT NULL,
    responses        BIGINT NOT NULL,
    rating_1         BIGINT NOT NULL,
    rating_2         BIGINT NOT NULL,
    rating_3         BIGINT NOT NULL,
    rating_4         BIGINT NOT NULL,
    rating_5         BIGINT NOT NULL,
    avg_rating       DOUBLE PRECISION,
    csat_pct         DOUBLE PRECISION,
    nps_responses    BIGINT NOT NULL,
    nps_promoters    BIGINT NOT NULL,
    nps_detractors   BIGINT NOT NULL,
    nps_score        DOUBLE PRECISION
);

-- Local month, one row per tenant and month with any activity. top_intents: JSON text
-- [{"intent":..,"count":..}] (top 5 intent.classified, ties by name); channel_breakdown: JSON text
-- {channel: conversations started}.
CREATE TABLE monthly_summary (
    tenant_id                VARCHAR NOT NULL,
    period_start             TIMESTAMPTZ NOT NULL,
    period_date              DATE NOT NULL,
    total_conversations      BIGINT NOT NULL,
    messages_in              BIGINT NOT NULL,
    messages_out             BIGINT NOT NULL,
    total_messages           BIGINT NOT NULL,
    total_tasks              BIGINT NOT NULL,
    tasks_completed          BIGINT NOT NULL,
    conversations_resolved   BIGINT NOT NULL,
    conversations_escalated  BIGINT NOT NULL,
    ai_handled               BIGINT NOT NULL,
    ai_resolution_rate       DOUBLE PRECISION,
    satisfaction_count       BIGINT NOT NULL,
    avg_satisfaction         DOUBLE PRECISION,
    csat_pct                 DOUBLE PRECISION,
    first_response_count     BIGINT NOT NULL,
    avg_first_response_ms    DOUBLE PRECISION,
    top_intents              VARCHAR NOT NULL,
    channel_breakdown        VARCHAR NOT NULL
);

-- Local day x bot (seed 002's bot_performance_metrics); events and conversations without a bot are not in it.
-- conversations / escalations / messages_per_conversation / avg_conversation_duration_ms are about conversations
-- started (escalated) that day; handoff_rate = escalated / started that day.
CREATE TABLE daily_bot_performance (
    tenant_id                      VARCHAR NOT NULL,
    period_start                   TIMESTAMPTZ NOT NULL,
    period_date                    DATE NOT NULL,
    bot_id                         VARCHAR NOT NULL,
    conversations                  BIGINT NOT NULL,
    conversations_escalated        BIGINT NOT NULL,
    messages_in                    BIGINT NOT NULL,
    messages_out                   BIGINT NOT NULL,
    messages_failed                BIGINT NOT NULL,
    response_time_samples          BIGINT NOT NULL,
    response_time_sum_ms           DOUBLE PRECISION,
    response_time_avg_ms           DOUBLE PRECISION,
    response_time_p50_ms           DOUBLE PRECISION,
    response_time_p95_ms           DOUBLE PRECISION,
    response_time_p99_ms           DOUBLE PRECISION,
    success_rate                   DOUBLE PRECISION,
    error_rate                     DOUBLE PRECISION,
    intents_classified             BIGINT NOT NULL,
    intents_low_confidence         BIGINT NOT NULL,
    fallback_rate                  DOUBLE PRECISION,
    handoff_rate                   DOUBLE PRECISION,
    searches                       BIGINT NOT NULL,
    search_hits                    BIGINT NOT NULL,
    kb_hit_rate                    DOUBLE PRECISION,
    llm_calls                      BIGINT NOT NULL,
    llm_errors                     BIGINT NOT NULL,
    llm_error_rate                 DOUBLE PRECISION,
    llm_tokens                     BIGINT NOT NULL,
    llm_cost_usd                   DOUBLE PRECISION NOT NULL,
    llm_latency_p95_ms             DOUBLE PRECISION,
    messages_per_conversation      DOUBLE PRECISION,
    avg_conversation_duration_ms   DOUBLE PRECISION,
    satisfaction_count             BIGINT NOT NULL,
    satisfaction_avg               DOUBLE PRECISION
);

-- UTC hour, tenant-wide (seed 002's usage_analytics). api_calls = events of any type timestamped in the hour.
CREATE TABLE hourly_usage (
    tenant_id               VARCHAR NOT NULL,
    period_start            TIMESTAMPTZ NOT NULL,
    messages_sent           BIGINT NOT NULL,
    messages_received       BIGINT NOT NULL,
    conversations_started   BIGINT NOT NULL,
    active_users            BIGINT NOT NULL,
    active_bots             BIGINT NOT NULL,
    api_calls               BIGINT NOT NULL,
    llm_calls               BIGINT NOT NULL,
    llm_tokens              BIGINT NOT NULL,
    llm_cost_usd            DOUBLE PRECISION NOT NULL
);

-- Local day x dimension, from live-chat facts: dimension 'all' (dimension_value '*'), 'agent' (the accepting
-- staff; NULL = none) or 'group' (NULL = none). Each measure counts in the day it completed: requests by
-- requested_at, accepted and wait by accepted_at, missed by missed_at, duration by ended_at, agent first response
-- by agent_first_response_at; missed_rate = missed / requests of that day.
CREATE TABLE daily_livechat (
    tenant_id                     VARCHAR NOT NULL,
    period_start                  TIMESTAMPTZ NOT NULL,
    period_date                   DATE NOT NULL,
    dimension                     VARCHAR NOT NULL,
    dimension_value               VARCHAR,
    requests                      BIGINT NOT NULL,
    accepted                      BIGINT NOT NULL,
    missed                        BIGINT NOT NULL,
    missed_rate                   DOUBLE PRECISION,
    wait_count                    BIGINT NOT NULL,
    wait_sum_ms                   DOUBLE PRECISION,
    wait_avg_ms                   DOUBLE PRECISION,
    wait_p50_ms                   DOUBLE PRECISION,
    wait_p95_ms                   DOUBLE PRECISION,
    chat_duration_count           BIGINT NOT NULL,
    chat_duration_sum_ms          DOUBLE PRECISION,
    chat_duration_avg_ms          DOUBLE PRECISION,
    agent_first_response_count    BIGINT NOT NULL,
    agent_first_response_sum_ms   DOUBLE PRECISION,
    agent_first_response_avg_ms   DOUBLE PRECISION
);

-- One row per tenant, period and dimension values; NULL dimensions compare equal here. The leading
-- (tenant_id, period_start) also serves the families' per-period delete and the readers' range scans.
CREATE UNIQUE INDEX hourly_message_counts_uq ON hourly_message_counts (tenant_id, period_start, channel, COALESCE(bot_id, ''), direction);
CREATE UNIQUE INDEX hourly_response_times_uq ON hourly_response_times (tenant_id, period_start, channel, COALESCE(bot_id, ''));
CREATE UNIQUE INDEX daily_conversation_metrics_uq ON daily_conversation_metrics (tenant_id, period_start, channel, COALESCE(bot_id, ''));
CREATE UNIQUE INDEX daily_staff_performance_uq ON daily_staff_performance (tenant_id, period_start, staff_id);
CREATE UNIQUE INDEX daily_intent_distribution_uq ON daily_intent_distribution (tenant_id, period_start, intent);
CREATE UNIQUE INDEX weekly_satisfaction_trends_uq ON weekly_satisfaction_trends (tenant_id, period_start, channel);
CREATE UNIQUE INDEX monthly_summary_uq ON monthly_summary (tenant_id, period_start);
CREATE UNIQUE INDEX daily_bot_performance_uq ON daily_bot_performance (tenant_id, period_start, bot_id);
CREATE UNIQUE INDEX hourly_usage_uq ON hourly_usage (tenant_id, period_start);
CREATE UNIQUE INDEX daily_livechat_uq ON daily_livechat (tenant_id, period_start, dimension, COALESCE(dimension_value, ''));
-- retention deletes every tenant's rows older than a cutoff
CREATE INDEX hourly_message_counts_period ON hourly_message_counts (period_start);
CREATE INDEX hourly_response_times_period ON hourly_response_times (period_start);
CREATE INDEX hourly_usage_period ON hourly_usage (period_start);
