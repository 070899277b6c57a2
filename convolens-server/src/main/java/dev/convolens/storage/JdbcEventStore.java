package dev.convolens.storage;

import dev.convolens.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The event store on any JDBC database the {@link SqlDialect} describes. Appends stage the batch with the store's
 * bulk loader, mark the rows whose (tenant, id) is already stored within the batch's own time range (an event keeps
 * its timestamp, so a resend always falls inside it) and insert the rest, all in one transaction.
 */
public final class JdbcEventStore implements EventStore {

    static final String EVENT_COLUMNS = "tenant_id, id, type, ts, received_at, bot_id, channel, conversation_id, "
            + "session_id, user_id, staff_id, group_id, task_id, intent, value, duration_ms, metadata";

    private static final String STAGING_DDL = "CREATE TEMP TABLE IF NOT EXISTS staging ("
            + "seq INTEGER NOT NULL, tenant_id VARCHAR NOT NULL, id VARCHAR NOT NULL, type VARCHAR NOT NULL, "
            + "ts TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL, bot_id VARCHAR, channel VARCHAR, "
            + "conversation_id VARCHAR, session_id VARCHAR, user_id VARCHAR, staff_id VARCHAR, group_id VARCHAR, "
            + "task_id VARCHAR, intent VARCHAR, value DOUBLE PRECISION, duration_ms BIGINT, metadata VARCHAR, "
            + "dup BOOLEAN NOT NULL DEFAULT FALSE)";

    private static final int MAX_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public JdbcEventStore(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    @Override
    public AppendResult append(List<Event> events) {
        BitSet duplicates = new BitSet(events.size());
        List<Event> unique = new ArrayList<>(events.size());
        int[] positions = new int[events.size()];
        Set<String> seen = new HashSet<>(events.size() * 2);
        Instant min = Instant.MAX, max = Instant.MIN;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (!seen.add(e.tenantId() + '\u0000' + e.id())) {
                duplicates.set(i);
                continue;
            }
            positions[unique.size()] = i;
            unique.add(e);
            if (e.timestamp().isBefore(min)) min = e.timestamp();
            if (e.timestamp().isAfter(max)) max = e.timestamp();
        }
        if (unique.isEmpty()) return new AppendResult(events.size(), duplicates);
        try (Connection c = dataSource.getConnection()) {
            dialect.prepareRange(c, min, max);
            for (int attempt = 1; ; attempt++) {
                BitSet stored = appendOnce(c, unique, positions, min, max);
                if (stored != null) {
                    stored.or(duplicates);
                    return new AppendResult(events.size(), stored);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new StorageException("events kept conflicting with a concurrent writer after "
                            + MAX_ATTEMPTS + " attempts", null);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("append of " + events.size() + " events failed: " + e.getMessage(), e);
        }
    }

    /** One transactional attempt; null when a concurrent writer stored some of the rows first (then nothing is kept). */
    private BitSet appendOnce(Connection c, List<Event> unique, int[] positions, Instant min, Instant max)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(STAGING_DDL);
            st.execute("DELETE FROM staging");
            dialect.stage(c, unique, positions);
            try (PreparedStatement mark = c.prepareStatement("UPDATE staging SET dup = TRUE WHERE EXISTS ("
                    + "SELECT 1 FROM events e WHERE e.tenant_id = staging.tenant_id AND e.id = staging.id "
                    + "AND e.ts >= ? AND e.ts <= ?)")) {
                mark.setObject(1, utc(min));
                mark.setObject(2, utc(max));
                mark.executeUpdate();
            }
            BitSet dups = new BitSet();
            try (ResultSet rs = st.executeQuery("SELECT seq FROM staging WHERE dup")) {
                while (rs.next()) dups.set(rs.getInt(1));
            }
            int expected = unique.size() - dups.cardinality();
            int inserted = expected == 0 ? 0 : st.executeUpdate("INSERT INTO events (" + EVENT_COLUMNS + ") SELECT "
                    + EVENT_COLUMNS.replace("metadata", "CAST(metadata AS " + dialect.jsonType() + ")")
                    + " FROM staging WHERE NOT dup ORDER BY tenant_id, ts" + dialect.insertConflictClause());
            if (inserted != expected) {
                c.rollback();
                return null;
            }
            st.execute("DELETE FROM staging");
            c.commit();
            return dups;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    @Override
    public List<Event> find(String tenantId, EventQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS.replace("metadata", "CAST(metadata AS VARCHAR)")
                + " FROM events WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenantId);
        if (query.conversationId() != null) {
            sql.append(" AND conversation_id = ?");
            args.add(query.conversationId());
        }
        if (query.type() != null) {
            sql.append(" AND type = ?");
            args.add(query.type());
        }
        if (query.from() != null) {
            sql.append(" AND ts >= ?");
            args.add(utc(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND ts < ?");
            args.add(utc(query.to()));
        }
        sql.append(" ORDER BY ts DESC, received_at DESC, id DESC LIMIT ?");
        args.add(query.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("event query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection()) {
            return dialect.deleteBefore(c, cutoff);
        } catch (SQLException e) {
            throw new StorageException("retention delete before " + cutoff + " failed: " + e.getMessage(), e);
        }
    }

    private static Event read(ResultSet rs) throws SQLException {
        double value = rs.getDouble(15);
        Double boxedValue = rs.wasNull() ? null : value;
        long duration = rs.getLong(16);
        Long boxedDuration = rs.wasNull() ? null : duration;
        return new Event(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), boxedValue, boxedDuration,
                rs.getString(17));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
