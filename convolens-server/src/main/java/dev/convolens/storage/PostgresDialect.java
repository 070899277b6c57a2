package dev.convolens.storage;

import dev.convolens.event.Event;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL: COPY into the staging table, events range-partitioned by UTC month of {@code ts} so that retention
 * drops whole partitions, and a unique index on (tenant_id, id, ts) that keeps concurrent instances from storing
 * an event twice.
 */
public final class PostgresDialect implements SqlDialect {

    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void stage(Connection connection, List<Event> events, int[] positions) throws SQLException {
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY staging (" + EventCsv.COLUMNS + ") FROM STDIN WITH (FORMAT csv)",
                    new java.io.ByteArrayInputStream(EventCsv.write(events, positions).toString()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("COPY into staging failed", e);
        }
    }

    @Override
    public void prepareRange(Connection connection, Instant from, Instant to) throws SQLException {
        YearMonth last = YearMonth.from(to.atOffset(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atOffset(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            if (knownPartitions.contains(m)) continue;
            String sql = "CREATE TABLE IF NOT EXISTS " + partitionName(m) + " PARTITION OF events FOR VALUES FROM ('"
                    + m.atDay(1) + " 00:00:00+00') TO ('" + m.plusMonths(1).atDay(1) + " 00:00:00+00')";
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                // another instance created it between our check and our create
                if (!"42P07".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) throw e;
            }
            knownPartitions.add(m);
        }
    }

    @Override
    public String jsonType() {
        return "JSONB";
    }

    @Override
    public String insertConflictClause() {
        return " ON CONFLICT DO NOTHING";
    }

    @Override
    public String toDouble(String textExpression) {
        return "CASE WHEN (" + textExpression + ") ~ '^" + SqlDialect.DECIMAL_PATTERN + "$' THEN CAST(("
                + textExpression + ") AS DOUBLE PRECISION) END";
    }

    @Override
    public String jsonArrayLength(String jsonExpression) {
        return "CASE WHEN jsonb_typeof(" + jsonExpression + ") = 'array' THEN jsonb_array_length(" + jsonExpression
                + ") ELSE 0 END";
    }

    @Override
    public long deleteBefore(Connection connection, Instant cutoff) throws SQLException {
        YearMonth cutoffMonth = YearMonth.from(cutoff.atOffset(ZoneOffset.UTC));
        long deleted = 0;
        List<String> drop = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                YearMonth month = monthOf(name);
                if (month != null && month.isBefore(cutoffMonth)) drop.add(name);
            }
        }
        for (String name : drop) {
            try (Statement st = connection.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name)) {
                    rs.next();
                    deleted += rs.getLong(1);
                }
                st.execute("DROP TABLE " + name);
                knownPartitions.remove(monthOf(name));
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM events WHERE ts < ?")) {
            ps.setObject(1, JdbcEventStore.utc(cutoff));
            deleted += ps.executeUpdate();
        }
        return deleted;
    }

    static String partitionName(YearMonth month) {
        return String.format("events_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    private static YearMonth monthOf(String partition) {
        if (!partition.matches("events_y\\d{4}m\\d{2}")) return null;
        return YearMonth.of(Integer.parseInt(partition.substring(8, 12)), Integer.parseInt(partition.substring(13, 15)));
    }

}
