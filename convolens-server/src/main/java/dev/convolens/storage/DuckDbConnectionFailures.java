package dev.convolens.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.List;

/**
 * Tells the pool which DuckDB errors leave a connection unusable: after a failed commit (a full disk) the driver's
 * transaction state no longer matches the database's, and a connection put back into the pool would run the next
 * batch in auto-commit and then fail its commit, storing events it answers 503 for. Such a connection is evicted;
 * the next one opens clean on the same database.
 */
public final class DuckDbConnectionFailures implements SQLExceptionOverride {
    private static final List<String> BROKEN = List.of("TransactionContext Error", "IO Error", "Could not write",
            "No space left", "invalidated", "FATAL");

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        String message = String.valueOf(e.getMessage());
        for (String broken : BROKEN) if (message.contains(broken)) return Override.MUST_EVICT;
        return Override.CONTINUE_EVICT;
    }
}
