package dev.convolens.client;

/**
 * Counters since the client was built, for monitoring; the outcome counts grow as events settle.
 *
 * @param recorded events passed to {@code record}
 * @param sent events the server stored as new
 * @param duplicates events the server had already stored
 * @param rejected events the server refused one by one
 * @param dropped events discarded unsent (buffer full under {@link OverflowPolicy#DROP_OLDEST}, or recorded after
 *     close)
 * @param failed events given up (permanent error, retries out of time, closed before delivery)
 * @param blocked {@code record} calls that had to wait for room under {@link OverflowPolicy#BLOCK}
 * @param retries requests sent again after a 429, a 5xx or an I/O error
 * @param queued events waiting in the buffer now
 * @param inFlight events in requests under way now (including those waiting to retry)
 */
public record ClientStats(long recorded, long sent, long duplicates, long rejected, long dropped, long failed,
        long blocked, long retries, int queued, int inFlight) {}
