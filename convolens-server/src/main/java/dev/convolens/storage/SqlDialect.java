package dev.convolens.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.BitSet;

/** The few places where DuckDB and PostgreSQL differ; everything else is shared SQL. */
public interface SqlDialect {

    /**
     * A decimal number as JSON or a person writes it, for {@link #toDouble}: no NaN or infinity, and short enough that
     * the cast cannot overflow a double.
     */
    String DECIMAL_PATTERN = "[[:space:]]*[-+]?([0-9]{1,30}[.]?[0-9]{0,30}|[.][0-9]{1,30})([eE][-+]?[0-9]{1,2})?[[:space:]]*";

    /** The store's name as configured ({@code duckdb} or {@code postgres}). */
    String name();

    /**
     * Whether a unique index on events decides what is a duplicate, so that appends may run concurrently (also from
     * several instances); otherwise appends run one at a time and ask {@link #findStored} first.
     */
    boolean uniqueEvents();

    /**
     * Inserts the batch's events not in {@code skip} in the open transaction and answers the positions it stored;
     * with {@link #uniqueEvents} an event already stored (same tenant, id and timestamp) is skipped, not an error.
     */
    BitSet insertEvents(Connection connection, EventBatch batch, BitSet skip) throws SQLException;

    /** Of the positions in {@code ask}, those whose (tenant, id, timestamp) is already stored. */
    default BitSet findStored(Connection connection, EventBatch batch, BitSet ask) throws SQLException {
        throw new UnsupportedOperationException(name() + " decides duplicates with its unique index");
    }

    /** Whether a failed append may simply be tried again (a deadlock or serialization failure between writers). */
    default boolean isRetryable(SQLException e) {
        return false;
    }

    /** Prepares the events table for rows in [from, to], e.g. by creating partitions; runs outside the batch's transaction. */
    default void prepareRange(Connection connection, Instant from, Instant to) throws SQLException {}

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
