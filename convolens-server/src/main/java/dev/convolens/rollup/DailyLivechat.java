package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Live chat per tenant-local day, from the live-chat facts, for the whole tenant (dimension 'all', value '*'), per
 * accepting agent ('agent') and per group ('group'); a chat without agent or group has a NULL value there. Requests
 * count by requested_at, accepted and wait by accepted_at, missed by missed_at, chat duration by ended_at, agent
 * first response by agent_first_response_at; missed rate = missed / requests of the day.
 */
@Component
public class DailyLivechat extends SqlRollupFamily {
    public static final String TABLE = "daily_livechat";

    private static final List<String> COLUMNS = List.of("dimension", "dimension_value", "requests", "accepted",
            "missed", "missed_rate", "wait_count", "wait_sum_ms", "wait_avg_ms", "wait_p50_ms", "wait_p95_ms",
            "chat_duration_count", "chat_duration_sum_ms", "chat_duration_avg_ms", "agent_first_response_count",
            "agent_first_response_sum_ms", "agent_first_response_avg_ms");

    private static final String SELECT = """
            SELECT CASE WHEN GROUPING(staff) = 0 THEN 'agent' WHEN GROUPING(grp) = 0 THEN 'group' ELSE 'all' END AS dimension,
                CASE WHEN GROUPING(staff) = 0 THEN staff WHEN GROUPING(grp) = 0 THEN grp ELSE '*' END AS dimension_value,
                SUM(requested) AS requests, SUM(accepted) AS accepted, SUM(missed) AS missed,
                %s AS missed_rate,
                COUNT(waited) AS wait_count, SUM(waited) AS wait_sum_ms, AVG(waited) AS wait_avg_ms,
                %s AS wait_p50_ms, %s AS wait_p95_ms,
                COUNT(lasted) AS chat_duration_count, SUM(lasted) AS chat_duration_sum_ms,
                AVG(lasted) AS chat_duration_avg_ms,
                COUNT(afr) AS agent_first_response_count, SUM(afr) AS agent_first_response_sum_ms,
                AVG(afr) AS agent_first_response_avg_ms
            FROM (
                SELECT staff_id AS staff, group_id AS grp,
                    CASE WHEN %s THEN 1 ELSE 0 END AS requested,
                    CASE WHEN %s THEN 1 ELSE 0 END AS accepted,
                    CASE WHEN %s THEN 1 ELSE 0 END AS missed,
                    CASE WHEN %s THEN wait_ms END AS waited,
                    CASE WHEN %s THEN duration_ms END AS lasted,
                    CASE WHEN %s THEN agent_first_response_ms END AS afr
                FROM livechats
                WHERE tenant_id = :tenant AND (%s OR %s OR %s OR %s OR %s)
            ) l
            GROUP BY GROUPING SETS ((), (staff), (grp))
            HAVING COUNT(*) > 0
            """.formatted(ratio("SUM(missed)", "SUM(requested)"), percentile(0.5, "waited"),
            percentile(0.95, "waited"),
            in("requested_at"), in("accepted_at"), in("missed_at"), in("accepted_at"), in("ended_at"),
            in("agent_first_response_at"),
            in("requested_at"), in("accepted_at"), in("missed_at"), in("ended_at"), in("agent_first_response_at"));

    DailyLivechat(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
