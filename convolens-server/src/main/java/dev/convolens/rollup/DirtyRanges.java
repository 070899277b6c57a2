package dev.convolens.rollup;

import java.time.Instant;
import java.util.List;

/**
 * A durable log of "this tenant's data changed between these instants": written by the facts updater and by a
 * timezone change, read by each job from its own position, so a restart or a retry never loses a late event.
 */
public interface DirtyRanges {

    /** Records that everything derived from the tenant's data in [from, to] may be stale. */
    void mark(String tenantId, Instant from, Instant to);

    /**
     * Ranges recorded after position {@code afterSeq} and before {@code settledBefore}, oldest first. Only settled
     * ranges are read because on PostgreSQL a sequence number can commit after a higher one.
     */
    List<Range> since(long afterSeq, Instant settledBefore);

    /** Forgets ranges up to and including {@code seq}, once every job has consumed them. */
    void forgetThrough(long seq);

    record Range(long seq, String tenantId, Instant from, Instant to) {}
}
