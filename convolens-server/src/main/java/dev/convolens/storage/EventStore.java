package dev.convolens.storage;

import dev.convolens.event.Event;
import java.time.Instant;
import java.util.List;

/**
 * Raw events: stores each event once, durably before {@link #append} returns, and reads them back per tenant. An
 * event keeps its timestamp, so a resend is the same (tenant, id, timestamp); a repeat within one batch is matched on
 * (tenant, id) alone.
 */
public interface EventStore {

    /** Stores the events not stored yet; the result marks, by position, those that were duplicates. */
    AppendResult append(EventBatch batch);

    /** {@link #append(EventBatch)} for events not prepared yet. */
    default AppendResult append(List<Event> events) {
        return append(EventBatch.of(events));
    }

    /** How many appends can usefully run at once (more would only wait for each other). */
    default int usefulWriters() {
        return 1;
    }

    /** One tenant's events matching the query, newest first. */
    List<Event> find(String tenantId, EventQuery query);

    /** Deletes every event older than the cutoff, whole partitions where the store has them; answers the rows removed. */
    long deleteBefore(Instant cutoff);
}
