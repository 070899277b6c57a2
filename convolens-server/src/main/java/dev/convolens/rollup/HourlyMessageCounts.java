package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/** Messages per UTC hour, channel, bot and direction: inbound = {@code message.received}, outbound = {@code message.sent}. */
@Component
public class HourlyMessageCounts extends SqlRollupFamily {
    public static final String TABLE = "hourly_message_counts";

    static final List<String> COLUMNS = List.of("channel", "bot_id", "direction", "message_count");

    static final String SELECT = """
            SELECT channel, bot_id, direction, COUNT(*) AS message_count
            FROM (SELECT channel, bot_id,
                      CASE WHEN type = 'message.received' THEN 'inbound' ELSE 'outbound' END AS direction
                  FROM %s m) d
            GROUP BY channel, bot_id, direction
            """.formatted(events("message.received", "message.sent"));

    HourlyMessageCounts(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.HOUR);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, COLUMNS, SELECT);
    }
}
