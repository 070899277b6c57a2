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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The event store on any JDBC database the {@link SqlDialect} describes. Repeats within a batch are dropped first;
 * then, where the store has a unique index on events (PostgreSQL), the insert itself skips what is already stored
 * and says what it stored, so concurrent appends are safe; without one (DuckDB) {@link RecentKeys} tells which
 * events can be new without reading the table, and appends in flight keep each other from storing the same event.
 */
public final class JdbcEventStore implements EventStore {

    static final String EVENT_COLUMNS = "tenant_id, id, type, ts, received_at, bot_id, channel, conversation_id, "
            + "session_id, user_id, staff_id, group_id, task_id, intent, value, duration_ms, metadata";

    private static final int MAX_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final long keyBudget;
    private final StoreHealth health;
    /** Guards {@link #recent} and {@link #inFlight}; held while deciding, never during a statement. */
    private final ReentrantLock keysLock = new ReentrantLock();
    private RecentKeys recent;
    /** Appends decided and not yet committed: their new events' keys, and a future completed when they end. */
    private final List<InFlight> inFlight = new ArrayList<>();

    private record InFlight(LongSet keys, CompletableFuture<Void> done) {}

    public JdbcEventStore(DataSource dataSource, SqlDialect dialect) {
        this(dataSource, dialect, StorageConfig.dedupeKeys(0, Runtime.getRuntime().maxMemory()));
    }

    public JdbcEventStore(DataSource dataSource, SqlDialect dialect, long keyBudget) {
        this(dataSource, dialect, keyBudget, null);
    }

    /** With {@code health} told of every failed and successful append. */
    public JdbcEventStore(DataSource dataSource, SqlDialect dialect, long keyBudget, StoreHealth health) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.keyBudget = keyBudget;
        this.health = health;
    }

    /** Two: while one append waits for its commit to reach the disk, the other parses and inserts. */
    @Override
    public int usefulWriters() {
        return 2;
    }

    @Override
    public AppendResult append(EventBatch batch) {
        int n = batch.size();
        BitSet skip = repeatsWithinBatch(batch);
        if (skip.cardinality() == n) return new AppendResult(n, skip);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            AppendResult result = dialect.uniqueEvents() ? appendUnique(c, batch, skip) : appendWithKeys(c, batch, skip);
            if (health != null) health.succeeded();
            return result;
        } catch (SQLException | RuntimeException e) {
            discard(c);
            c = null;
            if (health != null) health.failed(rootMessage(e));
            if (e instanceof StorageException s) throw s;
            throw new StorageException("append of " + n + " events failed: " + rootMessage(e), e);
        } finally {
            if (c != null) closeQuietly(c);
        }
    }

    /**
     * A connection an append failed on is never reused: its transaction state may no longer match the database's
     * (DuckDB after a failed commit runs the next batch in auto-commit), so it leaves the pool.
     */
    private void discard(Connection c) {
        if (c == null) return;
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource pool) {
            try {
                pool.evictConnection(c);
                return;
            } catch (RuntimeException e) {
                // fall through to a plain close
            }
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // the connection is gone either way
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return String.valueOf(root.getMessage());
    }

    /**
     * After an append failed once its insert may have run, whether its events are stored: asked on a fresh
     * connection, by (tenant, id, timestamp), without writing anything (the disk may be full). Null when even that
     * cannot be told.
     */
    private BitSet storedAfterFailure(EventBatch batch, BitSet attempted) {
        try (Connection c = dataSource.getConnection()) {
            return storedAmong(c, batch, attempted);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** Of {@code positions}, those whose exact (tenant, id, timestamp) is stored; plain SQL both stores run. */
    static BitSet storedAmong(Connection c, EventBatch batch, BitSet positions) throws SQLException {
        BitSet stored = new BitSet();
        java.util.Map<String, List<Integer>> byTenant = new java.util.LinkedHashMap<>();
        for (int i = positions.nextSetBit(0); i >= 0; i = positions.nextSetBit(i + 1)) {
            byTenant.computeIfAbsent(batch.event(i).tenantId(), t -> new ArrayList<>()).add(i);
        }
        for (var entry : byTenant.entrySet()) {
            List<Integer> all = entry.getValue();
            for (int from = 0; from < all.size(); from += 500) {
                List<Integer> chunk = all.subList(from, Math.min(all.size(), from + 500));
                java.util.Map<String, Integer> wanted = new java.util.HashMap<>();
                StringBuilder sql = new StringBuilder("SELECT id, ts FROM events WHERE tenant_id = ? AND id IN (");
                for (int k = 0; k < chunk.size(); k++) sql.append(k == 0 ? "?" : ", ?");
                sql.append(')');
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    ps.setString(1, entry.getKey());
                    for (int k = 0; k < chunk.size(); k++) {
                        Event e = batch.event(chunk.get(k));
                        ps.setString(k + 2, e.id());
                        wanted.put(e.id() + '\u0000' + e.timestamp().truncatedTo(java.time.temporal.ChronoUnit.MICROS), chunk.get(k));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Integer i = wanted.get(rs.getString(1) + '\u0000' + instant(rs, 2));
                            if (i != null) stored.set(i);
                        }
                    }
                }
            }
        }
        return stored;
    }

    /** Positions whose (tenant, id) came earlier in the same batch. */
    private static BitSet repeatsWithinBatch(EventBatch batch) {
        BitSet repeats = new BitSet(batch.size());
        LongSet keys = new LongSet(batch.size());
        Set<String> exact = null;
        for (int i = 0; i < batch.size(); i++) {
            boolean newKey = keys.add(batch.key(i));
            if (exact == null) {
                if (newKey) continue;
                // a key seen before: a real repeat or a hash collision, so from here on compare the ids themselves
                exact = new HashSet<>();
                for (int j = 0; j < i; j++) if (!repeats.get(j)) exact.add(EventKeys.exact(batch.event(j)));
            }
            if (!exact.add(EventKeys.exact(batch.event(i)))) repeats.set(i);
        }
        return repeats;
    }

    private AppendResult appendUnique(Connection c, EventBatch batch, BitSet repeats) throws SQLException {
        Instant[] range = range(batch, repeats);
        dialect.prepareRange(c, range[0], range[1]);
        for (int attempt = 1; ; attempt++) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            BitSet stored = null;
            try {
                stored = dialect.insertEvents(c, batch, repeats);
                c.commit();
                c.setAutoCommit(autoCommit);
                BitSet duplicates = (BitSet) stored.clone();
                duplicates.flip(0, batch.size());
                return new AppendResult(batch.size(), duplicates);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                // two writers inserting overlapping resends in different orders: one of them is chosen to retry
                if (e instanceof SQLException sql && attempt < MAX_ATTEMPTS && dialect.isRetryable(sql)) {
                    c.setAutoCommit(autoCommit);
                    continue;
                }
                if (stored != null) {
                    // the insert ran, the commit's outcome is not known: ask the store before answering
                    BitSet attempted = (BitSet) repeats.clone();
                    attempted.flip(0, batch.size());
                    BitSet found = storedAfterFailure(batch, attempted);
                    if (found != null && found.equals(attempted)) {
                        BitSet duplicates = (BitSet) stored.clone();
                        duplicates.flip(0, batch.size());
                        return new AppendResult(batch.size(), duplicates);
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Appends may overlap (DuckDB appends to one table from several transactions without conflict): each decides
     * under {@link #keysLock} which events can be new, and an event whose key belongs to an append still in flight
     * waits for that append to end, so two appends never both store the same event.
     */
    private AppendResult appendWithKeys(Connection c, EventBatch batch, BitSet skip) throws SQLException {
        int n = batch.size();
        BitSet ask = new BitSet(n);
        InFlight mine;
        while (true) {
            List<CompletableFuture<Void>> blockers = new ArrayList<>();
            keysLock.lock();
            try {
                if (recent == null) recent = loadRecentKeys(c);
                ask.clear();
                for (int i = skip.nextClearBit(0); i < n; i = skip.nextClearBit(i + 1)) {
                    long key = batch.key(i);
                    for (InFlight other : inFlight) {
                        if (other.keys().contains(key) && !blockers.contains(other.done())) blockers.add(other.done());
                    }
                    if (recent.mayBeStored(RecentKeys.minute(batch.event(i).timestamp()), key)) ask.set(i);
                }
                if (blockers.isEmpty()) {
                    LongSet keys = new LongSet(n - skip.cardinality());
                    for (int i = skip.nextClearBit(0); i < n; i = skip.nextClearBit(i + 1)) keys.add(batch.key(i));
                    mine = new InFlight(keys, new CompletableFuture<>());
                    inFlight.add(mine);
                    break;
                }
            } finally {
                keysLock.unlock();
            }
            // a resend of events another append is storing right now: decide again once that one has ended
            CompletableFuture.allOf(blockers.toArray(CompletableFuture[]::new)).join();
        }
        BitSet duplicates = (BitSet) skip.clone();
        boolean committed = false;
        // events that may be stored although the append failed: kept as keys, so a resend is looked up exactly
        BitSet maybeStored = null;
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            BitSet attempted = null;
            try {
                if (!ask.isEmpty()) duplicates.or(dialect.findStored(c, batch, ask));
                if (duplicates.cardinality() < n) {
                    attempted = (BitSet) duplicates.clone();
                    attempted.flip(0, n);
                    BitSet stored = dialect.insertEvents(c, batch, duplicates);
                    if (stored.cardinality() != n - duplicates.cardinality()) {
                        throw new StorageException("the insert stored " + stored.cardinality() + " of "
                                + (n - duplicates.cardinality()) + " events", null);
                    }
                }
                c.commit();
                c.setAutoCommit(autoCommit);
                committed = true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                if (attempted == null) throw e;
                // the insert ran and the commit failed (a full disk): whether it is stored is asked, not assumed,
                // still inside this append, so no other append decides on these keys meanwhile
                BitSet found = storedAfterFailure(batch, attempted);
                if (found != null && found.equals(attempted)) {
                    committed = true;
                } else {
                    maybeStored = found == null ? attempted : found;
                    throw e;
                }
            }
        } finally {
            keysLock.lock();
            try {
                inFlight.remove(mine);
                if (committed) {
                    for (int i = duplicates.nextClearBit(0); i < n; i = duplicates.nextClearBit(i + 1)) {
                        recent.add(RecentKeys.minute(batch.event(i).timestamp()), batch.key(i));
                    }
                    recent.trim();
                } else if (maybeStored != null) {
                    for (int i = maybeStored.nextSetBit(0); i >= 0; i = maybeStored.nextSetBit(i + 1)) {
                        recent.add(RecentKeys.minute(batch.event(i).timestamp()), batch.key(i));
                    }
                    recent.trim();
                }
            } finally {
                keysLock.unlock();
            }
            mine.done().complete(null);
        }
        return new AppendResult(n, duplicates);
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reads the keys of the newest stored events that fit the budget: whole minutes, newest first, so that the
     * coverage starts right after the newest minute left out.
     */
    private RecentKeys loadRecentKeys(Connection c) throws SQLException {
        long coveredFrom = Long.MIN_VALUE, kept = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT date_trunc('minute', ts) AS m, count(*) FROM events "
                        + "GROUP BY m ORDER BY m DESC")) {
            while (rs.next()) {
                long count = rs.getLong(2);
                if (kept + count > keyBudget) {
                    coveredFrom = RecentKeys.minute(instant(rs, 1)) + 1;
                    break;
                }
                kept += count;
            }
        }
        RecentKeys keys = new RecentKeys(keyBudget, coveredFrom);
        if (kept == 0) return keys;
        String sql = "SELECT tenant_id, id, ts FROM events"
                + (coveredFrom == Long.MIN_VALUE ? "" : " WHERE ts >= ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (coveredFrom != Long.MIN_VALUE) ps.setObject(1, utc(Instant.ofEpochSecond(coveredFrom * 60)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(RecentKeys.minute(instant(rs, 3)), EventKeys.key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        keys.trim();
        return keys;
    }

    private static Instant[] range(EventBatch batch, BitSet skip) {
        Instant min = Instant.MAX, max = Instant.MIN;
        for (int i = skip.nextClearBit(0); i < batch.size(); i = skip.nextClearBit(i + 1)) {
            Instant t = batch.event(i).timestamp();
            if (t.isBefore(min)) min = t;
            if (t.isAfter(max)) max = t;
        }
        return new Instant[] {min, max};
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
