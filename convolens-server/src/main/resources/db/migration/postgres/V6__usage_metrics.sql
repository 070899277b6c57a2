-- Local day x bot (x LLM model): usage from interaction metadata. model '*' = the bot's totals (LLM, HTTP, tags);
-- other rows = one LLM model's calls, errors, tokens, cost and latency. Rates are fractions, NULL without calls.
CREATE TABLE daily_usage_metrics (
    tenant_id             VARCHAR NOT NULL,
    period_start          TIMESTAMPTZ NOT NULL,
    period_date           DATE NOT NULL,
    bot_id                VARCHAR,
    model                 VARCHAR NOT NULL,
    llm_calls             BIGINT NOT NULL,
    llm_errors            BIGINT NOT NULL,
    llm_error_rate        DOUBLE PRECISION,
    llm_tokens            BIGINT NOT NULL,
    llm_cost_usd          DOUBLE PRECISION NOT NULL,
    llm_latency_count     BIGINT NOT NULL,
    llm_latency_sum_ms    DOUBLE PRECISION,
    llm_latency_avg_ms    DOUBLE PRECISION,
    llm_latency_p50_ms    DOUBLE PRECISION,
    llm_latency_p95_ms    DOUBLE PRECISION,
    http_calls            BIGINT NOT NULL,
    http_errors           BIGINT NOT NULL,
    http_error_rate       DOUBLE PRECISION,
    http_latency_count    BIGINT NOT NULL,
    http_latency_sum_ms   DOUBLE PRECISION,
    http_latency_p50_ms   DOUBLE PRECISION,
    http_latency_p95_ms   DOUBLE PRECISION,
    tags_added            BIGINT NOT NULL,
    tags_removed          BIGINT NOT NULL
);
CREATE UNIQUE INDEX daily_usage_metrics_key ON daily_usage_metrics (tenant_id, period_start, COALESCE(bot_id, ''), model);
