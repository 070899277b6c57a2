package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row per tenant-local month with any activity: conversations started, messages (in + out), tasks created and
 * completed, conversations resolved / escalated / AI-handled (by the day each happened) and the AI resolution rate
 * (AI-handled / resolved), CSAT average and score, mean first response (by first_response_at), the five most
 * classified intents and conversations started per channel (both JSON text, built here so both stores write the
 * same text).
 */
@Component
public class MonthlySummary extends SqlRollupFamily {
    public static final String TABLE = "monthly_summary";
    static final int TOP_INTENTS = 5;

    private static final JsonMapper JSON = JsonMapper.shared();

    private static final List<String> COLUMNS = List.of("total_conversations", "messages_in", "messages_out",
            "total_messages", "total_tasks", "tasks_completed", "conversations_resolved", "conversations_escalated",
            "ai_handled", "ai_resolution_rate", "satisfaction_count", "avg_satisfaction", "csat_pct",
            "first_response_count", "avg_first_response_ms", "top_intents", "channel_breakdown");

    private static final String SELECT = """
            SELECT cv.started AS total_conversations, ev.messages_in, ev.messages_out,
                ev.messages_in + ev.messages_out AS total_messages, ev.tasks_created AS total_tasks, ev.tasks_completed,
                cv.resolved AS conversations_resolved, cv.escalated AS conversations_escalated, cv.ai_handled,
                %s AS ai_resolution_rate, ev.csat_count AS satisfaction_count, ev.csat_avg AS avg_satisfaction,
                %s AS csat_pct, cv.fr_count AS first_response_count, cv.fr_avg AS avg_first_response_ms,
                CAST(:topIntents AS VARCHAR) AS top_intents, CAST(:channelBreakdown AS VARCHAR) AS channel_breakdown
            FROM (
                SELECT COUNT(*) FILTER (WHERE type = 'message.received') AS messages_in,
                    COUNT(*) FILTER (WHERE type = 'message.sent') AS messages_out,
                    COUNT(*) FILTER (WHERE type = 'task.created') AS tasks_created,
                    COUNT(*) FILTER (WHERE type = 'task.completed') AS tasks_completed,
                    COUNT(*) FILTER (WHERE type = 'intent.classified') AS intents,
                    COUNT(*) FILTER (WHERE csat) AS csat_count,
                    COUNT(*) FILTER (WHERE csat AND value >= 4) AS csat_good,
                    AVG(CASE WHEN csat THEN value END) AS csat_avg
                FROM (SELECT type, value, %s AS csat FROM events
                      WHERE tenant_id = :tenant AND ts >= :from AND ts < :to AND type IN ('message.received',
                          'message.sent', 'task.created', 'task.completed', 'intent.classified',
                          'satisfaction.rating_received')) e
            ) ev CROSS JOIN (
                SELECT COUNT(*) FILTER (WHERE %s) AS started,
                    COUNT(*) FILTER (WHERE %s) AS resolved,
                    COUNT(*) FILTER (WHERE %s) AS escalated,
                    COUNT(*) FILTER (WHERE %s AND ai_handled) AS ai_handled,
                    COUNT(first_response_ms) FILTER (WHERE %s) AS fr_count,
                    AVG(first_response_ms) FILTER (WHERE %s) AS fr_avg
                FROM conversations WHERE tenant_id = :tenant AND (%s OR %s OR %s OR %s)
            ) cv
            WHERE cv.started + cv.resolved + cv.escalated + cv.fr_count + ev.messages_in + ev.messages_out
                + ev.tasks_created + ev.tasks_completed + ev.intents + ev.csat_count > 0
            """.formatted(ratio("cv.ai_handled", "cv.resolved"), ratio("100 * ev.csat_good", "ev.csat_count"), CSAT,
            in("started_at"), in("resolved_at"), in("escalated_at"), in("resolved_at"), in("first_response_at"),
            in("first_response_at"), in("started_at"), in("resolved_at"), in("escalated_at"), in("first_response_at"));

    MonthlySummary(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.MONTH);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        params.addValue("topIntents", topIntents(params));
        params.addValue("channelBreakdown", channelBreakdown(params));
        return insert(params, COLUMNS, SELECT);
    }

    /** [{"intent","count"}] of the most classified intents, most first, ties by name (sorted here, not by a collation). */
    private String topIntents(MapSqlParameterSource params) {
        List<Map.Entry<String, Long>> counts = new ArrayList<>();
        jdbc.query("SELECT intent, COUNT(*) FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to "
                + "AND type = 'intent.classified' AND intent IS NOT NULL GROUP BY intent", params,
                rs -> {
                    counts.add(Map.entry(rs.getString(1), rs.getLong(2)));
                });
        counts.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<Map<String, Object>> top = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.subList(0, Math.min(TOP_INTENTS, counts.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("intent", e.getKey());
            item.put("count", e.getValue());
            top.add(item);
        }
        return JSON.writeValueAsString(top);
    }

    /** {channel: conversations started}, channels in name order. */
    private String channelBreakdown(MapSqlParameterSource params) {
        Map<String, Long> byChannel = new TreeMap<>();
        jdbc.query("SELECT COALESCE(channel, 'other') AS ch, COUNT(*) FROM conversations WHERE tenant_id = :tenant "
                + "AND started_at >= :from AND started_at < :to GROUP BY COALESCE(channel, 'other')", params,
                rs -> {
                    byChannel.put(rs.getString(1), rs.getLong(2));
                });
        return JSON.writeValueAsString(byChannel);
    }
}
