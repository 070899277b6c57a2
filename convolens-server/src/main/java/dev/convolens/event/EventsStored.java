package dev.convolens.event;

import java.time.Instant;

/** Published after a commit: one tenant's new events span [from, to]; what derives from them is now stale. */
public record EventsStored(String tenantId, Instant from, Instant to, int count) {}
