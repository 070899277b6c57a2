-- Local day x channel x bot: response.time_recorded durationMs, as hourly_response_times (channel = '*' / bot_id = '*'
-- rows over all channels / bots, exact percentiles). The daily charts read their percentiles here instead of a
-- month of raw events.
CREATE TABLE daily_response_times (
    tenant_id      VARCHAR NOT NULL,
    period_start   TIMESTAMPTZ NOT NULL,
    period_date    DATE NOT NULL,
    channel        VARCHAR NOT NULL,
    bot_id         VARCHAR,
    samples        BIGINT NOT NULL,
    sum_ms         DOUBLE NOT NULL,
    avg_ms         DOUBLE,
    p50_ms         DOUBLE,
    p95_ms         DOUBLE,
    p99_ms         DOUBLE
);
