package dev.convolens.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: COPY into a staging table, events range-partitioned by UTC month of {@code ts} so that retention
 * drops whole partitions, and a unique index on (tenant_id, id, ts) that keeps concurrent instances from storing
 * an event twice.
 */
public final class PostgresDialect implements SqlDialect {

    private static final String STAGING_DDL = "CREATE TEMP TABLE IF NOT EXISTS staging ("
            + "tenant_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR NOT NULL, "
            + "ts TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL, bot_id VARCHAR, channel VARCHAR, "
            + "conversation_id VARCHAR, session_id VARCHAR, user_id VARCHAR, staff_id VARCHAR, group_id VARCHAR, "
            + "task_id VARCHAR, intent VARCHAR, value DOUBLE PRECISION, duration_ms BIGINT, metadata VARCHAR) "
            + "ON COMMIT DELETE ROWS";

    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public boolean uniqueEvents() {
        return true;
    }

    /**
     * COPY into a session-local staging table, then one {@code INSERT … ON CONFLICT DO NOTHING RETURNING}: the unique
     * index decides what is new, also against a concurrent writer, and the returned keys say which events those were.
     * The staging table empties itself at commit (and rollback) in place: DELETE would leave dead rows that autovacuum
     * never visits in a temporary table, so the planner misjudged every later batch (BENCHMARKS.md), and TRUNCATE
     * gives the table a new file and catalog row at every batch.
     */
    @Override
    public BitSet insertEvents(Connection connection, EventBatch batch, BitSet skip) throws SQLException {
        Map<String, Integer> position = new HashMap<>(batch.size() * 2);
        for (int i = skip.nextClearBit(0); i < batch.size(); i = skip.nextClearBit(i + 1)) {
            position.put(EventKeys.exact(batch.event(i)), i);
        }
        BitSet stored = new BitSet(batch.size());
        try (Statement st = connection.createStatement()) {
            st.execute(STAGING_DDL);
            ByteArrayOutputStream csv = new ByteArrayOutputStream(position.size() * 480);
            batch.writeCsv(csv, skip);
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY staging (" + EventCsv.COLUMNS
                    + ") FROM STDIN WITH (FORMAT csv)", new ByteArrayInputStream(csv.toByteArray()));
            try (ResultSet rs = st.executeQuery("INSERT INTO events (" + JdbcEventStore.EVENT_COLUMNS + ") SELECT "
                    + JdbcEventStore.EVENT_COLUMNS.replace("metadata", "CAST(metadata AS JSONB)")
                    + " FROM staging ORDER BY tenant_id, ts ON CONFLICT DO NOTHING RETURNING tenant_id, id")) {
                while (rs.next()) {
                    Integer i = position.get(rs.getString(1) + '\u0000' + rs.getString(2));
                    if (i != null) stored.set(i);
                }
            }
        } catch (IOException e) {
            throw new SQLException("COPY into staging failed", e);
        }
        return stored;
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
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
