package dev.convolens.client;

import java.util.List;

/**
 * Hears about every event that did not end up stored, before the event counts as settled: when
 * {@link ConvolensClient#flush} returns, the listener has heard of every event the flush covers. Called from the
 * client's sender threads (and, for {@link #dropped}, from the recording thread), so it must be thread-safe and
 * quick, and must not {@code record} under {@link OverflowPolicy#BLOCK}; an exception it throws is logged and
 * ignored. Events passed here carry the id and timestamp they were sent with.
 */
public interface DeliveryListener {

    /** The server refused this event for a reason in the event itself ({@code field}, {@code error}); not resent. */
    default void rejected(Event event, String field, String error) {}

    /**
     * These events were given up: the server refused the request itself (a 4xx other than 413 and 429, such as a
     * revoked key), retries ran out of time, or the client closed before they were delivered.
     */
    default void failed(List<Event> events, String reason) {}

    /** The buffer was full (or the client closed) and this event was discarded unsent; it has no id yet. */
    default void dropped(Event event) {}
}
