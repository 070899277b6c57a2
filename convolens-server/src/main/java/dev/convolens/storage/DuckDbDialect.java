package dev.convolens.storage;

import dev.convolens.event.Event;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * DuckDB: bulk load goes through a staged CSV file, which DuckDB reads an order of magnitude faster than
 * row-by-row appends (shared/STACK.md). There is no unique index (it would cut inserts to ~25k rows/s): DuckDB's file
 * lock allows one process, and in it {@link JdbcEventStore}'s in-memory keys decide what is new, leaving only possible
 * resends to {@link #findStored}.
 */
public final class DuckDbDialect implements SqlDialect {

    private static final String CSV_COLUMNS = "{'tenant_id':'VARCHAR','id':'VARCHAR','type':'VARCHAR',"
            + "'ts':'TIMESTAMPTZ','received_at':'TIMESTAMPTZ','bot_id':'VARCHAR','channel':'VARCHAR',"
            + "'conversation_id':'VARCHAR','session_id':'VARCHAR','user_id':'VARCHAR','staff_id':'VARCHAR',"
            + "'group_id':'VARCHAR','task_id':'VARCHAR','intent':'VARCHAR','value':'DOUBLE','duration_ms':'BIGINT',"
            + "'metadata':'VARCHAR'}";

    private final Path stagingDir;

    public DuckDbDialect(Path stagingDir) {
        this.stagingDir = stagingDir;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public boolean uniqueEvents() {
        return false;
    }

    @Override
    public BitSet insertEvents(Connection connection, EventBatch batch, BitSet skip) throws SQLException {
        int expected = batch.size() - skip.cardinality();
        Path file = write(batch, skip);
        try (Statement st = connection.createStatement()) {
            int inserted = st.executeUpdate("INSERT INTO events (" + JdbcEventStore.EVENT_COLUMNS + ") SELECT "
                    + JdbcEventStore.EVENT_COLUMNS.replace("metadata", "CAST(metadata AS JSON)") + " FROM "
                    + readCsv(file) + " ORDER BY tenant_id, ts");
            if (inserted != expected) {
                throw new SQLException("the insert stored " + inserted + " of " + expected + " events");
            }
        }
        BitSet stored = (BitSet) skip.clone();
        stored.flip(0, batch.size());
        return stored;
    }

    @Override
    public BitSet findStored(Connection connection, EventBatch batch, BitSet ask) throws SQLException {
        Map<String, Integer> position = new HashMap<>();
        Instant min = Instant.MAX, max = Instant.MIN;
        for (int i = ask.nextSetBit(0); i >= 0; i = ask.nextSetBit(i + 1)) {
            Event e = batch.event(i);
            Instant ts = e.timestamp().truncatedTo(ChronoUnit.MICROS);
            position.put(EventKeys.exact(e) + '\u0000' + ts, i);
            if (ts.isBefore(min)) min = ts;
            if (ts.isAfter(max)) max = ts;
        }
        BitSet skip = (BitSet) ask.clone();
        skip.flip(0, batch.size());
        Path file = write(batch, skip);
        BitSet stored = new BitSet();
        // the range lets zone maps skip every row group outside the asked events' time span
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.tenant_id, c.id, c.ts FROM " + readCsv(file)
                + " c WHERE EXISTS (SELECT 1 FROM events e WHERE e.ts >= ? AND e.ts <= ? AND e.tenant_id = c.tenant_id "
                + "AND e.id = c.id AND e.ts = c.ts)")) {
            ps.setObject(1, JdbcEventStore.utc(min));
            ps.setObject(2, JdbcEventStore.utc(max));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer i = position.get(rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000'
                            + JdbcEventStore.instant(rs, 3));
                    if (i != null) stored.set(i);
                }
            }
        }
        return stored;
    }

    /**
     * Writes the lines to this thread's staging file, overwritten in place rather than created and deleted per batch:
     * unlinking a file that still has its pages cached took a tenth of the writer's time.
     */
    private Path write(EventBatch batch, BitSet skip) {
        Path file = stagingDir.resolve("batch-" + Thread.currentThread().getId() + ".csv");
        try {
            Files.createDirectories(stagingDir);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                batch.writeCsv(out, skip);
                out.flush();
                channel.truncate(channel.position());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the staging file " + file, e);
        }
    }

    private static String readCsv(Path file) {
        return "read_csv('" + file.toAbsolutePath().toString().replace("'", "''")
                + "', header=false, delim=',', quote='\"', escape='\"', allow_quoted_nulls=false, "
                + "auto_detect=false, columns=" + CSV_COLUMNS + ")";
    }

    @Override
    public String toDouble(String textExpression) {
        return "CASE WHEN regexp_full_match((" + textExpression + "), '" + SqlDialect.DECIMAL_PATTERN + "') THEN CAST(("
                + textExpression + ") AS DOUBLE) END";
    }

    @Override
    public String jsonArrayLength(String jsonExpression) {
        return "COALESCE(json_array_length(" + jsonExpression + "), 0)";
    }

    @Override
    public long deleteBefore(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM events WHERE ts < ?")) {
            ps.setObject(1, JdbcEventStore.utc(cutoff));
            return ps.executeUpdate();
        }
    }
}
