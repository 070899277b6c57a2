package dev.convolens.event;

import java.time.Instant;
import java.util.Set;

/**
 * Published after a commit: one tenant's new events span [from, to] and touch these conversations; whatever derives
 * from them is now stale.
 */
public record EventsStored(String tenantId, Instant from, Instant to, int count, Set<String> conversationIds) {}
