package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Conversation metrics per tenant-local day, channel and bot, from the conversation facts. Each measure belongs to
 * the day it completed (SPEC §4): started by started_at, resolved and resolution time by resolved_at, escalated by
 * escalated_at, first response by first_response_at, agent first response by agent_first_response_at; AI-handled =
 * resolved that day and AI-handled. AI-escalated = escalated that day after at least one outbound message
 * ({@code message.sent}) earlier in the conversation, i.e. the bot had answered before handing over. Rows with
 * channel and/or bot_id {@code '*'} hold the same measures over all channels / bots (exact percentiles).
 */
@Component
public class DailyConversationMetrics extends SqlRollupFamily {
    public static final String TABLE = "daily_conversation_metrics";

    private static final List<String> COLUMNS = List.of("channel", "bot_id", "conversations_started",
            "conversations_resolved", "conversations_escalated", "ai_handled", "ai_escalated",
            "first_response_count", "first_response_sum_ms", "first_response_avg_ms", "first_response_p50_ms",
            "first_response_p95_ms", "agent_first_response_count", "agent_first_response_sum_ms",
            "agent_first_response_avg_ms", "agent_first_response_p50_ms", "agent_first_response_p95_ms",
            "resolution_count", "resolution_sum_ms", "resolution_avg_ms", "resolution_p50_ms", "resolution_p95_ms");

    private static final String SELECT = """
            SELECT CASE WHEN GROUPING(ch) = 1 THEN '*' ELSE ch END AS channel,
                CASE WHEN GROUPING(bot) = 1 THEN '*' ELSE bot END AS bot_id,
                SUM(started) AS conversations_started, SUM(resolved) AS conversations_resolved,
                SUM(escalated) AS conversations_escalated, SUM(ai_handled) AS ai_handled,
                SUM(ai_escalated) AS ai_escalated,
                %s,
                %s,
                %s
            FROM (
                SELECT COALESCE(c.channel, 'other') AS ch, c.bot_id AS bot,
                    CASE WHEN %s THEN 1 ELSE 0 END AS started,
                    CASE WHEN %s THEN 1 ELSE 0 END AS resolved,
                    CASE WHEN %s THEN 1 ELSE 0 END AS escalated,
                    CASE WHEN %s AND c.ai_handled THEN 1 ELSE 0 END AS ai_handled,
                    CASE WHEN %s AND o.first_out < c.escalated_at THEN 1 ELSE 0 END AS ai_escalated,
                    CASE WHEN %s THEN c.first_response_ms END AS fr,
                    CASE WHEN %s THEN c.agent_first_response_ms END AS afr,
                    CASE WHEN %s THEN c.resolution_ms END AS res
                FROM conversations c
                LEFT JOIN (
                    SELECT e.conversation_id, MIN(e.ts) AS first_out FROM events e
                    WHERE e.tenant_id = :tenant AND e.type = 'message.sent' AND e.conversation_id IN (
                        SELECT conversation_id FROM conversations
                        WHERE tenant_id = :tenant AND escalated_at >= :from AND escalated_at < :to)
                    GROUP BY e.conversation_id
                ) o ON o.conversation_id = c.conversation_id
                WHERE c.tenant_id = :tenant AND (%s OR %s OR %s OR %s OR %s)
            ) x
            GROUP BY GROUPING SETS ((ch, bot), (ch), (bot), ())
            HAVING COUNT(*) > 0
            """.formatted(durations("fr", "first_response"), durations("afr", "agent_first_response"),
            durations("res", "resolution"),
            in("c.started_at"), in("c.resolved_at"), in("c.escalated_at"), in("c.resolved_at"), in("c.escalated_at"),
            in("c.first_response_at"), in("c.agent_first_response_at"), in("c.resolved_at"),
            in("c.started_at"), in("c.resolved_at"), in("c.escalated_at"), in("c.first_response_at"),
            in("c.agent_first_response_at"));

    private static String durations(String column, String prefix) {
        return "COUNT(%1$s) AS %2$s_count, SUM(%1$s) AS %2$s_sum_ms, AVG(%1$s) AS %2$s_avg_ms, %3$s AS %2$s_p50_ms, %4$s AS %2$s_p95_ms"
                .formatted(column, prefix, percentile(0.5, column), percentile(0.95, column));
    }

    DailyConversationMetrics(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
