package dev.convolens.rollup;

import dev.convolens.storage.SqlDialect;
import dev.convolens.tenant.Tenant;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every rollup family shares: a recompute deletes the tenant's rows of the period and inserts the recomputed
 * ones in one transaction (joining the caller's transaction if there is one). The family's SQL sees the named
 * parameters {@code :tenant}, {@code :from} and {@code :to} ({@code [from, to)} of the period, computed in Java, so
 * that no SQL ever truncates a timestamp in a session time zone).
 */
public abstract class SqlRollupFamily implements RollupFamily {

    /** A CSAT rating: a whole 1..5 on any scale but NPS (columns of {@code events}, unqualified). */
    static final String CSAT = "(type = 'satisfaction.rating_received' AND COALESCE(metadata->>'scale', 'csat') <> 'nps' "
            + "AND value IN (1, 2, 3, 4, 5))";

    /** An NPS rating: {@code metadata.scale = 'nps'} and a whole 0..10. */
    static final String NPS = "(type = 'satisfaction.rating_received' AND metadata->>'scale' = 'nps' "
            + "AND value IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))";

    protected final NamedParameterJdbcTemplate jdbc;
    protected final SqlDialect dialect;
    private final TransactionTemplate transaction;
    private final String table;
    private final Granularity granularity;

    protected SqlRollupFamily(DataSource dataSource, SqlDialect dialect, String table, Granularity granularity) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.dialect = dialect;
        this.transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.table = table;
        this.granularity = granularity;
    }

    /** The job is named after its table. */
    @Override
    public final String jobName() {
        return table;
    }

    @Override
    public final Granularity granularity() {
        return granularity;
    }

    @Override
    public final String table() {
        return table;
    }

    @Override
    public final int recompute(Tenant tenant, Period period) {
        if (period.granularity() != granularity()) {
            throw new IllegalArgumentException(jobName() + " rolls up by " + granularity() + ", not " + period.granularity());
        }
        if (granularity() != Granularity.HOUR && !period.zone().normalized().equals(tenant.timezone().normalized())) {
            throw new IllegalArgumentException(jobName() + ": period " + period.label() + " is in " + period.zone()
                    + " but tenant " + tenant.id() + " lives in " + tenant.timezone());
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", tenant.id())
                .addValue("from", utc(period.from()))
                .addValue("to", utc(period.to()))
                .addValue("periodDate", period.date().toString());
        Integer rows = transaction.execute(status -> {
            // by range rather than equality: after a time-zone change this also removes the old calendar's rows
            jdbc.update("DELETE FROM " + table() + " WHERE tenant_id = :tenant AND period_start >= :from "
                    + "AND period_start < :to", params);
            int written = write(params);
            if (written > 0) {
                jdbc.update("INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) VALUES (:tenant, :rollup, "
                        + "CAST(:from AS TIMESTAMPTZ)) ON CONFLICT (tenant_id, rollup) DO UPDATE SET latest_period = "
                        + "GREATEST(rollup_coverage.latest_period, excluded.latest_period)",
                        new MapSqlParameterSource(params.getValues()).addValue("rollup", table()));
            }
            return written;
        });
        return rows == null ? 0 : rows;
    }

    /** Inserts the period's rows (the old ones are already gone) and answers how many. */
    protected abstract int write(MapSqlParameterSource params);

    /**
     * Inserts one row per row of {@code select}, whose output columns are named as the table's {@code columns};
     * tenant_id, period_start and (for day, week and month tables) period_date are added here.
     */
    protected int insert(MapSqlParameterSource params, List<String> columns, String select) {
        boolean dated = granularity() != Granularity.HOUR;
        String sql = "INSERT INTO " + table() + " (tenant_id, period_start" + (dated ? ", period_date" : "") + ", "
                + String.join(", ", columns) + ") SELECT CAST(:tenant AS VARCHAR), CAST(:from AS TIMESTAMPTZ)"
                + (dated ? ", CAST(:periodDate AS DATE)" : "") + ", "
                + columns.stream().map(c -> "q." + c).collect(Collectors.joining(", ")) + " FROM (" + select + ") q";
        return jdbc.update(sql, params);
    }

    /**
     * The tenant's events of the period whose type is one of {@code types}, with the columns of {@code events}
     * except that channel, bot_id and user_id fall back to the event's conversation's (channel finally to 'other').
     * Asked for {@code response.time_recorded}, it answers every reply response time sample of {@code response_samples}
     * under that type: the explicit events with a duration and the samples derived from messages.
     */
    static String events(String... types) {
        List<String> rest = Arrays.stream(types).filter(t -> !t.equals(RESPONSE_TIME)).toList();
        String sql = "SELECT e.type, e.ts, e.conversation_id, e.staff_id, e.group_id, e.task_id, e.intent, e.value, "
                + "e.duration_ms, e.metadata, COALESCE(e.channel, c.channel, 'other') AS channel, "
                + "COALESCE(e.bot_id, c.bot_id) AS bot_id, COALESCE(e.user_id, c.user_id) AS user_id "
                + "FROM events e LEFT JOIN conversations c ON c.tenant_id = :tenant AND c.conversation_id = e.conversation_id "
                + "WHERE e.tenant_id = :tenant AND e.ts >= :from AND e.ts < :to"
                + (types.length == 0 ? "" : " AND e.type IN (" + quoted(rest.toArray(String[]::new)) + ")");
        if (rest.size() == types.length) return "(" + sql + ")";
        String samples = "SELECT '" + RESPONSE_TIME + "' AS type, s.ts, s.conversation_id, NULL AS staff_id, "
                + "NULL AS group_id, NULL AS task_id, NULL AS intent, NULL AS value, s.duration_ms, NULL AS metadata, "
                + "COALESCE(s.channel, c.channel, 'other') AS channel, COALESCE(s.bot_id, c.bot_id) AS bot_id, "
                + "COALESCE(s.user_id, c.user_id) AS user_id "
                + "FROM response_samples s LEFT JOIN conversations c ON c.tenant_id = :tenant AND c.conversation_id = s.conversation_id "
                + "WHERE s.tenant_id = :tenant AND s.ts >= :from AND s.ts < :to";
        return "(" + (rest.isEmpty() ? samples : sql + " UNION ALL " + samples) + ")";
    }

    private static final String RESPONSE_TIME = "response.time_recorded";

    /** {@code column} lies in the period. */
    static String in(String column) {
        return "(" + column + " >= :from AND " + column + " < :to)";
    }

    /** numerator / denominator as a double, NULL when the denominator is 0. */
    static String ratio(String numerator, String denominator) {
        return "CASE WHEN (" + denominator + ") = 0 THEN NULL ELSE CAST((" + numerator + ") AS DOUBLE PRECISION) / ("
                + denominator + ") END";
    }

    /** The exact percentile (continuous interpolation, as PostgreSQL) of the non-null values of {@code column}. */
    static String percentile(double p, String column) {
        return "percentile_cont(" + p + ") WITHIN GROUP (ORDER BY " + column + ")";
    }

    /** Milliseconds from {@code from} to {@code to}, two TIMESTAMPTZ expressions. */
    static String millisBetween(String from, String to) {
        return "CAST(ROUND((EXTRACT(EPOCH FROM " + to + ") - EXTRACT(EPOCH FROM " + from + ")) * 1000) AS BIGINT)";
    }

    static String quoted(String... values) {
        return java.util.Arrays.stream(values).map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
