package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import java.util.List;
import javax.sql.DataSource;

/** Every rollup family the service runs as a job, built on a data source, for benchmarks outside this package. */
public final class BenchRollups {
    private BenchRollups() {}

    public static List<RollupFamily> all(DataSource ds, SqlDialect dialect) {
        return List.of(new HourlyMessageCounts(ds, dialect), new HourlyResponseTimes(ds, dialect), new HourlyUsage(ds, dialect),
                new DailyConversationMetrics(ds, dialect), new DailyStaffPerformance(ds, dialect),
                new DailyIntentDistribution(ds, dialect), new DailyBotPerformance(ds, dialect), new DailyLivechat(ds, dialect),
                new DailyUsageMetrics(ds, dialect), new DailyResponseTimes(ds, dialect), new DailyMessageCounts(ds, dialect),
                new WeeklySatisfactionTrends(ds, dialect), new MonthlySummary(ds, dialect));
    }
}
