package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import dev.convolens.tenant.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Seed 002's bot performance per tenant-local day and bot. Event measures count the day's events of the bot (an
 * event without botId belongs to its conversation's bot): messages, response times ({@code response_samples}),
 * success rate = 1 - failed / sent and error rate = failed / sent, fallback rate = {@code intent.confidence_low} /
 * {@code intent.classified}, KB hit rate = searches with {@code metadata.resultCount} > 0 / searches, LLM calls,
 * tokens, cost, errors ({@code metadata.hasError}) and p95 latency, CSAT. Conversation measures are about the bot's
 * conversations started that day (messages per conversation, duration = last activity - start) and escalated that
 * day; handoff rate = escalated / started that day. Rates are NULL when their denominator is 0.
 */
@Component
public class DailyBotPerformance extends SqlRollupFamily {
    public static final String TABLE = "daily_bot_performance";

    private static final List<String> COLUMNS = List.of("bot_id", "conversations", "conversations_escalated",
            "messages_in", "messages_out", "messages_failed", "response_time_samples", "response_time_sum_ms",
            "response_time_avg_ms", "response_time_p50_ms", "response_time_p95_ms", "response_time_p99_ms",
            "success_rate", "error_rate", "intents_classified", "intents_low_confidence", "fallback_rate",
            "handoff_rate", "searches", "search_hits", "kb_hit_rate", "llm_calls", "llm_errors", "llm_error_rate",
            "llm_tokens", "llm_cost_usd", "llm_latency_p95_ms", "messages_per_conversation",
            "avg_conversation_duration_ms", "satisfaction_count", "satisfaction_avg");

    private final String select;

    DailyBotPerformance(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
        this.select = """
                WITH ea AS (
                    SELECT bot_id,
                        COUNT(*) FILTER (WHERE type = 'message.received') AS messages_in,
                        COUNT(*) FILTER (WHERE type = 'message.sent') AS messages_out,
                        COUNT(*) FILTER (WHERE type = 'message.failed') AS messages_failed,
                        COUNT(rt) AS rt_samples, SUM(rt) AS rt_sum, AVG(rt) AS rt_avg,
                        %s AS rt_p50, %s AS rt_p95, %s AS rt_p99,
                        COUNT(*) FILTER (WHERE type = 'intent.classified') AS intents_classified,
                        COUNT(*) FILTER (WHERE type = 'intent.confidence_low') AS intents_low_confidence,
                        COUNT(*) FILTER (WHERE type = 'semantic_search.query') AS searches,
                        COUNT(*) FILTER (WHERE type = 'semantic_search.query' AND result_count > 0) AS search_hits,
                        COUNT(*) FILTER (WHERE type = 'llm.call') AS llm_calls,
                        COUNT(*) FILTER (WHERE type = 'llm.call' AND has_error) AS llm_errors,
                        SUM(tokens) AS llm_tokens, SUM(cost) AS llm_cost_usd, %s AS llm_p95,
                        COUNT(rating) AS csat_count, AVG(rating) AS csat_avg
                    FROM (
                        SELECT bot_id, type,
                            CASE WHEN type = 'response.time_recorded' THEN duration_ms END AS rt,
                            CASE WHEN type = 'llm.call' THEN duration_ms END AS llm_ms,
                            CASE WHEN type = 'llm.call' THEN %s END AS tokens,
                            CASE WHEN type = 'llm.call' THEN %s END AS cost,
                            COALESCE(metadata->>'hasError', 'false') = 'true' AS has_error,
                            CASE WHEN type = 'semantic_search.query' THEN %s END AS result_count,
                            CASE WHEN %s THEN value END AS rating
                        FROM %s b WHERE bot_id IS NOT NULL
                    ) x GROUP BY bot_id
                ), ca AS (
                    SELECT bot_id, SUM(started) AS conversations, SUM(escalated) AS escalated,
                        AVG(CASE WHEN started = 1 THEN messages END) AS messages_per_conversation,
                        AVG(CASE WHEN started = 1 THEN duration_ms END) AS avg_duration_ms
                    FROM (
                        SELECT bot_id, CASE WHEN %s THEN 1 ELSE 0 END AS started,
                            CASE WHEN %s THEN 1 ELSE 0 END AS escalated,
                            messages_in + messages_out AS messages, %s AS duration_ms
                        FROM conversations
                        WHERE tenant_id = :tenant AND bot_id IS NOT NULL AND (%s OR %s)
                    ) y GROUP BY bot_id
                ), bots AS (
                    SELECT bot_id FROM ea UNION SELECT bot_id FROM ca
                )
                SELECT b.bot_id, COALESCE(ca.conversations, 0) AS conversations,
                    COALESCE(ca.escalated, 0) AS conversations_escalated,
                    COALESCE(ea.messages_in, 0) AS messages_in, COALESCE(ea.messages_out, 0) AS messages_out,
                    COALESCE(ea.messages_failed, 0) AS messages_failed,
                    COALESCE(ea.rt_samples, 0) AS response_time_samples, ea.rt_sum AS response_time_sum_ms,
                    ea.rt_avg AS response_time_avg_ms, ea.rt_p50 AS response_time_p50_ms,
                    ea.rt_p95 AS response_time_p95_ms, ea.rt_p99 AS response_time_p99_ms,
                    1 - (%s) AS success_rate, %s AS error_rate,
                    COALESCE(ea.intents_classified, 0) AS intents_classified,
                    COALESCE(ea.intents_low_confidence, 0) AS intents_low_confidence, %s AS fallback_rate,
                    %s AS handoff_rate,
                    COALESCE(ea.searches, 0) AS searches, COALESCE(ea.search_hits, 0) AS search_hits,
                    %s AS kb_hit_rate,
                    COALESCE(ea.llm_calls, 0) AS llm_calls, COALESCE(ea.llm_errors, 0) AS llm_errors,
                    %s AS llm_error_rate, CAST(COALESCE(ea.llm_tokens, 0) AS BIGINT) AS llm_tokens,
                    COALESCE(ea.llm_cost_usd, 0) AS llm_cost_usd, ea.llm_p95 AS llm_latency_p95_ms,
                    ca.messages_per_conversation, ca.avg_duration_ms AS avg_conversation_duration_ms,
                    COALESCE(ea.csat_count, 0) AS satisfaction_count, ea.csat_avg AS satisfaction_avg
                FROM bots b LEFT JOIN ea ON ea.bot_id = b.bot_id LEFT JOIN ca ON ca.bot_id = b.bot_id
                """.formatted(percentile(0.5, "rt"), percentile(0.95, "rt"), percentile(0.99, "rt"),
                percentile(0.95, "llm_ms"),
                dialect.toDouble("metadata->>'tokens'"), dialect.toDouble("metadata->>'costUsd'"),
                dialect.toDouble("metadata->>'resultCount'"), CSAT,
                events("message.received", "message.sent", "message.failed", "response.time_recorded",
                        "intent.classified", "intent.confidence_low", "semantic_search.query", "llm.call",
                        "satisfaction.rating_received"),
                in("started_at"), in("escalated_at"), millisBetween("started_at", "last_activity_at"),
                in("started_at"), in("escalated_at"),
                ratio("COALESCE(ea.messages_failed, 0)", "COALESCE(ea.messages_out, 0)"),
                ratio("COALESCE(ea.messages_failed, 0)", "COALESCE(ea.messages_out, 0)"),
                ratio("COALESCE(ea.intents_low_confidence, 0)", "COALESCE(ea.intents_classified, 0)"),
                ratio("COALESCE(ca.escalated, 0)", "COALESCE(ca.conversations, 0)"),
                ratio("COALESCE(ea.search_hits, 0)", "COALESCE(ea.searches, 0)"),
                ratio("COALESCE(ea.llm_errors, 0)", "COALESCE(ea.llm_calls, 0)"));
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, select);
    }

    /**
     * This family's measures of one bot over any [from, to) instead of one day, as a row of the table's columns
     * (without tenant and period), or empty when the bot has nothing then. The query API adds these to the stored
     * days for the part of a range that no row covers (today so far, or a range starting mid-day), so that a bot's
     * summary keeps one definition (note for the rollup owner: added for the query API, read-only).
     */
    public Optional<Map<String, Object>> measure(Tenant tenant, String botId, Instant from, Instant to) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", tenant.id())
                .addValue("from", utc(from))
                .addValue("to", utc(to))
                .addValue("bot", botId);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT q.* FROM (" + select + ") q WHERE q.bot_id = :bot", params);
        return rows.stream().findFirst();
    }
}
