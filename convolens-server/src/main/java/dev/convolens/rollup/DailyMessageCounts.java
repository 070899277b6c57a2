package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Messages per tenant-local day, channel, bot and direction, as {@link HourlyMessageCounts}: a tenant whose local
 * midnight is not a UTC hour (Asia/Kolkata, UTC+5:30) cannot build its days from UTC hours, and every daily chart of
 * it would otherwise read a month of raw events.
 */
@Component
public class DailyMessageCounts extends SqlRollupFamily {
    public static final String TABLE = "daily_message_counts";

    DailyMessageCounts(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, HourlyMessageCounts.COLUMNS, HourlyMessageCounts.SELECT);
    }
}
