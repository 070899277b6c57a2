package dev.convolens.storage;

import dev.convolens.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * DuckDB: bulk load goes through a staged CSV file, which DuckDB reads an order of magnitude faster than
 * row-by-row appends (shared/STACK.md). There is no unique index (it would cut inserts to ~25k rows/s); the single
 * writer of {@link JdbcEventStore} and DuckDB's one-process file lock make the dedupe anti-join sufficient.
 */
public final class DuckDbDialect implements SqlDialect {

    private static final String CSV_COLUMNS = "{'seq':'INTEGER','tenant_id':'VARCHAR','id':'VARCHAR','type':'VARCHAR',"
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
    public void stage(Connection connection, List<Event> events, int[] positions) throws SQLException {
        Path file = null;
        try {
            Files.createDirectories(stagingDir);
            file = Files.createTempFile(stagingDir, "batch-", ".csv");
            Files.write(file, EventCsv.write(events, positions).toString().getBytes(StandardCharsets.UTF_8));
            try (Statement st = connection.createStatement()) {
                st.execute("INSERT INTO staging (" + EventCsv.COLUMNS + ") SELECT * FROM read_csv('"
                        + file.toAbsolutePath().toString().replace("'", "''")
                        + "', header=false, delim=',', quote='\"', escape='\"', allow_quoted_nulls=false, "
                        + "auto_detect=false, columns=" + CSV_COLUMNS + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the staging file in " + stagingDir, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover staging file is harmless and removed at the next start
                }
            }
        }
    }

    @Override
    public String jsonType() {
        return "JSON";
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
