package dev.convolens.storage;

import java.time.Instant;

/** Filters of the raw-event explorer; null means "any". {@code to} is exclusive. */
public record EventQuery(String conversationId, String type, Instant from, Instant to, int limit) {

    public static EventQuery latest(int limit) {
        return new EventQuery(null, null, null, null, limit);
    }
}
