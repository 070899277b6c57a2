package dev.convolens.live;

/**
 * At most one push per {@code gap}: a change right after a push waits for the gap to pass, and every further change
 * in between rides along with that one push. Times are the caller's clock in milliseconds; not thread-safe (one
 * publisher thread owns it).
 */
final class Throttle {
    static final long ALREADY_WAITING = -1;

    private final long gapMillis;
    private long lastPush = Long.MIN_VALUE / 2;
    private boolean waiting;

    Throttle(long gapMillis) {
        this.gapMillis = gapMillis;
    }

    /** A change at {@code now}: 0 = push now, a positive delay = push then, {@link #ALREADY_WAITING} = nothing to do. */
    long changed(long now) {
        if (waiting) return ALREADY_WAITING;
        long wait = lastPush + gapMillis - now;
        if (wait <= 0) return 0;
        waiting = true;
        return wait;
    }

    /** The push ran at {@code now}. */
    void pushed(long now) {
        lastPush = now;
        waiting = false;
    }

    long lastPush() {
        return lastPush;
    }
}
