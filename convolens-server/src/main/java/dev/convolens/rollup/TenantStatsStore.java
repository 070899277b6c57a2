package dev.convolens.rollup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code tenant_stats} table: read by the query API, rewritten by the {@code tenant_stats} job. */
@Component
public class TenantStatsStore {
    static final String DAY = "day";
    static final String MONTH = "month";
    private static final String COLUMNS = "CAST(period_start AS VARCHAR), timezone, conversations_started, "
            + "conversations_resolved, conversations_escalated, conversations_ai_handled, messages_in, messages_out, "
            + "avg_first_response_ms, first_responses, csat_score, csat_ratings, livechat_requests, livechat_missed, "
            + "updated_at, bucket";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    TenantStatsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        DataSource dataSource = jdbc.getDataSource();
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** The tenant's stats as last written; empty until the {@code tenant_stats} job has run for the tenant. */
    public Optional<TenantStats> find(String tenantId) {
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM tenant_stats WHERE tenant_id = ? "
                + "ORDER BY bucket, period_start", TenantStatsStore::row, tenantId);
        if (rows.isEmpty()) return Optional.empty();
        List<TenantStats.Bucket> daily = new ArrayList<>(), monthly = new ArrayList<>();
        Instant updatedAt = rows.get(0).updatedAt();
        for (Row r : rows) {
            (r.kind().equals(DAY) ? daily : monthly).add(r.bucket());
            if (r.updatedAt().isBefore(updatedAt)) updatedAt = r.updatedAt();
        }
        return Optional.of(new TenantStats(tenantId, ZoneId.of(rows.get(0).timezone()), updatedAt, daily, monthly));
    }

    /**
     * Tenants whose stats were written before {@code before}, in another timezone than the tenant's current one, or
     * never; the stalest first.
     */
    List<String> stale(Instant before) {
        return jdbc.queryForList("SELECT t.id FROM tenants t LEFT JOIN (SELECT tenant_id, min(updated_at) AS updated_at, "
                + "min(timezone) AS timezone FROM tenant_stats GROUP BY tenant_id) s ON s.tenant_id = t.id "
                + "WHERE s.updated_at IS NULL OR s.updated_at < ? OR s.timezone <> t.timezone "
                + "ORDER BY s.updated_at NULLS FIRST, t.id", String.class, RunLog.utc(before));
    }

    /** Replaces every bucket of the tenant in one transaction; answers the rows written. */
    int replace(TenantStats stats) {
        return tx.execute(status -> {
            jdbc.update("DELETE FROM tenant_stats WHERE tenant_id = ?", stats.tenantId());
            List<Object[]> rows = new ArrayList<>();
            for (TenantStats.Bucket b : stats.daily()) rows.add(args(stats, DAY, b));
            for (TenantStats.Bucket b : stats.monthly()) rows.add(args(stats, MONTH, b));
            jdbc.batchUpdate("INSERT INTO tenant_stats (tenant_id, bucket, period_start, timezone, conversations_started, "
                    + "conversations_resolved, conversations_escalated, conversations_ai_handled, messages_in, "
                    + "messages_out, avg_first_response_ms, first_responses, csat_score, csat_ratings, "
                    + "livechat_requests, livechat_missed, updated_at) "
                    + "VALUES (?, ?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
            return rows.size();
        });
    }

    private static Object[] args(TenantStats stats, String kind, TenantStats.Bucket b) {
        return new Object[] {stats.tenantId(), kind, b.period().toString(), stats.timezone().getId(),
                b.conversationsStarted(), b.conversationsResolved(), b.conversationsEscalated(),
                b.conversationsAiHandled(), b.messagesIn(), b.messagesOut(), b.avgFirstResponseMs(), b.firstResponses(),
                b.csatScore(), b.csatRatings(), b.livechatRequests(), b.livechatMissed(), RunLog.utc(stats.updatedAt())};
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        TenantStats.Bucket bucket = new TenantStats.Bucket(LocalDate.parse(rs.getString(1)), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), nullableDouble(rs, 9),
                rs.getLong(10), nullableDouble(rs, 11), rs.getLong(12), rs.getLong(13), rs.getLong(14));
        return new Row(rs.getString(16), rs.getString(2), RunLog.instant(rs, 15), bucket);
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private record Row(String kind, String timezone, Instant updatedAt, TenantStats.Bucket bucket) {}
}
