package dev.convolens.storage;

import dev.convolens.event.Event;
import java.time.Instant;
import java.util.List;

/** Raw events: stores each (tenant, id) once, durably before {@link #append} returns, and reads them back per tenant. */
public interface EventStore {

    /** Stores the events not stored yet; the result marks, by position, those that were duplicates. */
    AppendResult append(List<Event> events);

    /** One tenant's events matching the query, newest first. */
    List<Event> find(String tenantId, EventQuery query);

    /** Deletes every event older than the cutoff, whole partitions where the store has them; answers the rows removed. */
    long deleteBefore(Instant cutoff);
}
