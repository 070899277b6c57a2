package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Usage from interaction metadata (SPEC §3.3, issue #7) per tenant-local day and bot: LLM calls, errors
 * ({@code metadata.hasError}), tokens, cost and latency ({@code durationMs}) avg/p50/p95; HTTP calls, errors and
 * latency p50/p95; tags added and removed ({@code tag.changed} metadata arrays). The row with {@code model = '*'}
 * holds everything of the bot; one more row per LLM model holds that model's LLM columns. An event without botId
 * belongs to its conversation's bot.
 */
@Component
public class DailyUsageMetrics extends SqlRollupFamily {
    public static final String TABLE = "daily_usage_metrics";

    private static final List<String> COLUMNS = List.of("bot_id", "model", "llm_calls", "llm_errors",
            "llm_error_rate", "llm_tokens", "llm_cost_usd", "llm_latency_count", "llm_latency_sum_ms",
            "llm_latency_avg_ms", "llm_latency_p50_ms", "llm_latency_p95_ms", "http_calls", "http_errors",
            "http_error_rate", "http_latency_count", "http_latency_sum_ms", "http_latency_p50_ms", "http_latency_p95_ms",
            "tags_added", "tags_removed");

    private final String select;

    DailyUsageMetrics(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
        String llm = """
                COUNT(*) FILTER (WHERE type = 'llm.call') AS llm_calls,
                COUNT(*) FILTER (WHERE type = 'llm.call' AND has_error) AS llm_errors,
                %s AS llm_error_rate,
                CAST(COALESCE(SUM(tokens), 0) AS BIGINT) AS llm_tokens, COALESCE(SUM(cost), 0) AS llm_cost_usd,
                COUNT(llm_ms) AS llm_latency_count, SUM(llm_ms) AS llm_latency_sum_ms, AVG(llm_ms) AS llm_latency_avg_ms,
                %s AS llm_latency_p50_ms, %s AS llm_latency_p95_ms"""
                .formatted(ratio("COUNT(*) FILTER (WHERE type = 'llm.call' AND has_error)",
                        "COUNT(*) FILTER (WHERE type = 'llm.call')"), percentile(0.5, "llm_ms"), percentile(0.95, "llm_ms"));
        this.select = """
                WITH ev AS (
                    SELECT bot_id, type,
                        CASE WHEN type = 'llm.call' THEN COALESCE(metadata->>'model', 'unknown') END AS model,
                        COALESCE(metadata->>'hasError', 'false') = 'true' AS has_error,
                        CASE WHEN type = 'llm.call' THEN duration_ms END AS llm_ms,
                        CASE WHEN type = 'http.call' THEN duration_ms END AS http_ms,
                        CASE WHEN type = 'llm.call' THEN %s END AS tokens,
                        CASE WHEN type = 'llm.call' THEN %s END AS cost,
                        CASE WHEN type = 'tag.changed' THEN %s ELSE 0 END AS added,
                        CASE WHEN type = 'tag.changed' THEN %s ELSE 0 END AS removed
                    FROM %s b
                )
                SELECT bot_id, '*' AS model, %s,
                    COUNT(*) FILTER (WHERE type = 'http.call') AS http_calls,
                    COUNT(*) FILTER (WHERE type = 'http.call' AND has_error) AS http_errors,
                    %s AS http_error_rate,
                    COUNT(http_ms) AS http_latency_count, SUM(http_ms) AS http_latency_sum_ms,
                    %s AS http_latency_p50_ms, %s AS http_latency_p95_ms,
                    SUM(added) AS tags_added, SUM(removed) AS tags_removed
                FROM ev GROUP BY bot_id
                UNION ALL
                SELECT bot_id, model, %s,
                    0 AS http_calls, 0 AS http_errors, NULL AS http_error_rate, 0 AS http_latency_count,
                    NULL AS http_latency_sum_ms, NULL AS http_latency_p50_ms, NULL AS http_latency_p95_ms,
                    0 AS tags_added, 0 AS tags_removed
                FROM ev WHERE type = 'llm.call' GROUP BY bot_id, model
                """.formatted(dialect.toDouble("metadata->>'tokens'"), dialect.toDouble("metadata->>'costUsd'"),
                dialect.jsonArrayLength("metadata->'added'"), dialect.jsonArrayLength("metadata->'removed'"),
                events("llm.call", "http.call", "tag.changed"), llm,
                ratio("COUNT(*) FILTER (WHERE type = 'http.call' AND has_error)", "COUNT(*) FILTER (WHERE type = 'http.call')"),
                percentile(0.5, "http_ms"), percentile(0.95, "http_ms"), llm);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, select);
    }
}
