package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Reply response times per tenant-local day, channel and bot, with the same measures and '*' rows as
 * {@link HourlyResponseTimes}: a day's exact percentiles cannot be combined from its hours, and without this table
 * every daily view of them (the 7- and 30-day response-time charts) would read a month of raw events.
 */
@Component
public class DailyResponseTimes extends SqlRollupFamily {
    public static final String TABLE = "daily_response_times";

    DailyResponseTimes(DataSource dataSource, SqlDialect dialect) {
        super(dataSource, dialect, TABLE, Granularity.DAY);
    }

    @Override
    protected int write(MapSqlParameterSource params) {
        return insert(params, HourlyResponseTimes.COLUMNS, HourlyResponseTimes.SELECT);
    }
}
