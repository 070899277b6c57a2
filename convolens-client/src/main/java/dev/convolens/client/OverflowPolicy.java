package dev.convolens.client;

/** What {@link ConvolensClient#record} does when the buffer of unsent events is full. */
public enum OverflowPolicy {
    /** Discard the oldest unsent event to make room: the caller never waits; counted and reported as dropped. */
    DROP_OLDEST,
    /** Make the caller wait until a batch leaves the buffer: nothing is dropped; each wait is counted as blocked. */
    BLOCK
}
