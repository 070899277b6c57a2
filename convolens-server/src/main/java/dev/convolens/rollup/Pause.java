package dev.convolens.rollup;

import java.time.Duration;

/**
 * How a retry waits out its backoff. The service sleeps the job's thread; tests pass one that only records the
 * waits, so that a retried run takes no time.
 */
@FunctionalInterface
interface Pause {
    Pause SLEEP = d -> Thread.sleep(d.toMillis());

    void pause(Duration delay) throws InterruptedException;
}
