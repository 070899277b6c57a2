-- Local day x channel x bot x direction, as hourly_message_counts (leaf rows only: sum them). Days whose local
-- midnight is not a UTC hour (UTC+5:30, +5:45...) cannot be summed from hourly rows.
CREATE TABLE daily_message_counts (
    tenant_id      VARCHAR NOT NULL,
    period_start   TIMESTAMPTZ NOT NULL,
    period_date    DATE NOT NULL,
    channel        VARCHAR NOT NULL,
    bot_id         VARCHAR,
    direction      VARCHAR NOT NULL,
    message_count  BIGINT NOT NULL
);
