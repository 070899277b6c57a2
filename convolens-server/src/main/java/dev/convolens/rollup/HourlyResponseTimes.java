package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Reply response times ({@code response_samples}: {@code response.time_recorded.durationMs}, or derived from messages
 * for conversations without it) per UTC hour, channel and bot, with exact percentiles; rows with channel and/or bot_id
 * {@code '*'} hold the same measures over all channels / bots.
 */
@Component
public class HourlyResponseTimes extends SqlRollupFamily {
    public static final String TABLE = "hourly_response_times";

    static final List<String> COLUMNS = List.of("channel", "bot_id", "samples", "sum_ms", "avg_ms", "p50_ms",
            "p95_ms", "p99_ms");

    static final String SELECT = """
            SELECT CASE WHEN GROUPING(ch) = 1 THEN '*' ELSE ch END AS channel,
                CASE WHEN GROUPING(bot) = 1 THEN '*' ELSE bot END AS bot_id,
                COUNT(*) AS samples, SUM(ms) AS sum_ms, AVG(ms) AS avg_ms,
                %s AS p50_ms, %s AS p95_ms, %s AS p99_ms
            FROM (SELECT channel AS ch, bot_id AS bot, duration_ms AS ms FROM %s r WHERE duration_ms IS NOT NULL) s
            GROUP BY GROUPING SETS ((ch, bot), (ch), (bot), ())
            HAVING COUNT(*) > 0
            """.formatted(percentile(0.5, "ms"), percentile(0.95, "ms"), percentile(0.99, "ms"),
            events("response.time_recorded"));

    HourlyResponseTimes(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.HOUR);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
