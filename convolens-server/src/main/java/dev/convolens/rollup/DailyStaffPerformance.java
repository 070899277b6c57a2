package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Per tenant-local day and staff member: conversations handled (distinct conversations with a
 * {@code response.staff_sent} by the staff that day), replies, {@code task.completed} events, agent first response
 * (conversations credited to the staff, by the day of that response), CSAT ratings received that day on
 * conversations the staff ever replied in (each such staff member gets the rating), and live chats the staff
 * accepted that day with their wait.
 */
@Component
public class DailyStaffPerformance extends SqlRollupFamily {
    public static final String TABLE = "daily_staff_performance";

    private static final List<String> COLUMNS = List.of("staff_id", "conversations_handled", "replies",
            "tasks_completed", "agent_first_response_count", "agent_first_response_sum_ms",
            "agent_first_response_avg_ms", "satisfaction_count", "satisfaction_sum", "satisfaction_avg",
            "livechats_accepted", "livechat_wait_count", "livechat_wait_sum_ms", "livechat_wait_avg_ms");

    private static final String SELECT = """
            WITH ratings AS (
                SELECT conversation_id, value FROM events
                WHERE tenant_id = :tenant AND ts >= :from AND ts < :to AND conversation_id IS NOT NULL AND %s
            ), handlers AS (
                SELECT DISTINCT conversation_id, staff_id FROM events
                WHERE tenant_id = :tenant AND type = 'response.staff_sent' AND staff_id IS NOT NULL
                    AND conversation_id IN (SELECT conversation_id FROM ratings)
            ), parts AS (
                SELECT staff_id, CAST(conversation_id AS VARCHAR) AS conv, 1 AS reply, 0 AS task,
                    CAST(NULL AS DOUBLE PRECISION) AS afr, CAST(NULL AS DOUBLE PRECISION) AS rating, 0 AS accepted,
                    CAST(NULL AS DOUBLE PRECISION) AS wait_ms
                FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to
                    AND type = 'response.staff_sent' AND staff_id IS NOT NULL
                UNION ALL
                SELECT staff_id, NULL, 0, 1, NULL, NULL, 0, NULL
                FROM events WHERE tenant_id = :tenant AND ts >= :from AND ts < :to
                    AND type = 'task.completed' AND staff_id IS NOT NULL
                UNION ALL
                SELECT agent_id, NULL, 0, 0, agent_first_response_ms, NULL, 0, NULL
                FROM conversations WHERE tenant_id = :tenant AND %s AND agent_id IS NOT NULL
                UNION ALL
                SELECT h.staff_id, NULL, 0, 0, NULL, r.value, 0, NULL
                FROM ratings r JOIN handlers h ON h.conversation_id = r.conversation_id
                UNION ALL
                SELECT staff_id, NULL, 0, 0, NULL, NULL, 1, wait_ms
                FROM livechats WHERE tenant_id = :tenant AND %s AND staff_id IS NOT NULL
            )
            SELECT staff_id, COUNT(DISTINCT conv) AS conversations_handled, SUM(reply) AS replies,
                SUM(task) AS tasks_completed, COUNT(afr) AS agent_first_response_count,
                SUM(afr) AS agent_first_response_sum_ms, AVG(afr) AS agent_first_response_avg_ms,
                COUNT(rating) AS satisfaction_count, SUM(rating) AS satisfaction_sum, AVG(rating) AS satisfaction_avg,
                SUM(accepted) AS livechats_accepted, COUNT(wait_ms) AS livechat_wait_count,
                SUM(wait_ms) AS livechat_wait_sum_ms, AVG(wait_ms) AS livechat_wait_avg_ms
            FROM parts GROUP BY staff_id
            """.formatted(CSAT, in("agent_first_response_at"), in("accepted_at"));

    DailyStaffPerformance(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
