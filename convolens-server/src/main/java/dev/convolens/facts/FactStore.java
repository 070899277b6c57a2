package dev.convolens.facts;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Conversation and live-chat facts (SPEC §4) and the reply response times derived from messages, each recomputed whole
 * from its conversation's raw events.
 */
public interface FactStore {

    /**
     * Recomputes the facts of these conversations from all their events; answers the span of those events (from the
     * earliest event before or after the change to the latest), empty when none of them has an event.
     */
    Optional<Span> recompute(String tenantId, Collection<String> conversationIds, Instant earliestNewEvent);

    /** [from, to] of the events a recompute looked at. */
    record Span(Instant from, Instant to) {}
}
