package dev.convolens.storage;

import dev.convolens.event.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The few places where DuckDB and PostgreSQL differ; everything else is shared SQL. */
public interface SqlDialect {

    /**
     * A decimal number as JSON or a person writes it, for {@link #toDouble}: no NaN or infinity, and short enough that
     * the cast cannot overflow a double.
     */
    String DECIMAL_PATTERN = "[[:space:]]*[-+]?([0-9]{1,30}[.]?[0-9]{0,30}|[.][0-9]{1,30})([eE][-+]?[0-9]{1,2})?[[:space:]]*";

    /** The store's name as configured ({@code duckdb} or {@code postgres}). */
    String name();

    /** Bulk-loads the events into the connection's temporary {@code staging} table, {@code seq} = position. */
    void stage(Connection connection, List<Event> events, int[] positions) throws SQLException;

    /** Prepares the events table for rows in [from, to], e.g. by creating partitions; runs outside the batch's transaction. */
    default void prepareRange(Connection connection, Instant from, Instant to) throws SQLException {}

    /** The JSON column type the {@code metadata} text is cast to. */
    String jsonType();

    /** Appended to the final insert, so that a concurrent writer's row is skipped rather than stored twice. */
    default String insertConflictClause() {
        return "";
    }

    /**
     * SQL reading a text expression (e.g. {@code metadata->>'tokens'}) as DOUBLE PRECISION: NULL unless the text is a
     * plain decimal number, so that one malformed free-form value cannot fail a whole rollup.
     */
    String toDouble(String textExpression);

    /** The number of elements of a JSON array expression; 0 when it is absent or not an array. */
    String jsonArrayLength(String jsonExpression);

    /** Deletes events older than the cutoff, dropping whole partitions where possible. */
    long deleteBefore(Connection connection, Instant cutoff) throws SQLException;
}
