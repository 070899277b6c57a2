package dev.convolens.client;

import java.util.ArrayList;
import java.util.List;

/** Retry time that passes only when the client sleeps: waits are recorded and return at once. */
final class FakeTicker implements Ticker {
    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }

    synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
