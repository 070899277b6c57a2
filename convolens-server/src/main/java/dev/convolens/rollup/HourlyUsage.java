package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Seed 002's usage analytics: one row per tenant and UTC hour with any event. Messages sent and received,
 * conversations started (facts), distinct users and bots among the hour's events (an event without them takes its
 * conversation's), API calls = events of any type timestamped in the hour, and LLM calls, tokens and cost.
 */
@Component
public class HourlyUsage extends SqlRollupFamily {
    public static final String TABLE = "hourly_usage";

    private static final List<String> COLUMNS = List.of("messages_sent", "messages_received", "conversations_started",
            "active_users", "active_bots", "api_calls", "llm_calls", "llm_tokens", "llm_cost_usd");

    private final String select;

    HourlyUsage(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.HOUR);
        this.select = """
                SELECT u.messages_sent, u.messages_received, cv.started AS conversations_started, u.active_users,
                    u.active_bots, u.api_calls, u.llm_calls, CAST(COALESCE(u.llm_tokens, 0) AS BIGINT) AS llm_tokens,
                    COALESCE(u.llm_cost_usd, 0) AS llm_cost_usd
                FROM (
                    SELECT COUNT(*) FILTER (WHERE type = 'message.sent') AS messages_sent,
                        COUNT(*) FILTER (WHERE type = 'message.received') AS messages_received,
                        COUNT(DISTINCT user_id) AS active_users, COUNT(DISTINCT bot_id) AS active_bots,
                        COUNT(*) AS api_calls, COUNT(*) FILTER (WHERE type = 'llm.call') AS llm_calls,
                        SUM(CASE WHEN type = 'llm.call' THEN %s END) AS llm_tokens,
                        SUM(CASE WHEN type = 'llm.call' THEN %s END) AS llm_cost_usd
                    FROM %s e
                ) u CROSS JOIN (
                    SELECT COUNT(*) AS started FROM conversations
                    WHERE tenant_id = :tenant AND started_at >= :from AND started_at < :to
                ) cv
                WHERE u.api_calls > 0
                """.formatted(dialect.toDouble("metadata->>'tokens'"), dialect.toDouble("metadata->>'costUsd'"),
                events());
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, select);
    }
}
