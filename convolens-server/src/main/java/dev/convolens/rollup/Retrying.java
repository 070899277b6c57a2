package dev.convolens.rollup;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a piece of job work under the {@link RetryPolicy}, waiting through the {@link Pause}. */
final class Retrying {
    private static final Logger log = LoggerFactory.getLogger(Retrying.class);

    private final RetryPolicy policy;
    private final Pause pause;

    Retrying(RetryPolicy policy, Pause pause) {
        this.policy = policy;
        this.pause = pause;
    }

    /** Tries {@code work} until it succeeds or the attempts are used up; never throws what the work throws. */
    <T> Attempted<T> call(String what, Supplier<T> work) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            try {
                return new Attempted<>(work.get(), attempt, null);
            } catch (RuntimeException e) {
                last = e;
                if (attempt == policy.attempts()) return new Attempted<>(null, attempt, e);
                Duration wait = policy.backoffAfter(attempt);
                log.warn("{} failed (attempt {} of {}), trying again in {} ms: {}", what, attempt, policy.attempts(),
                        wait.toMillis(), e.toString());
                try {
                    pause.pause(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new Attempted<>(null, attempt, e);
                }
            }
        }
        return new Attempted<>(null, policy.attempts(), last);
    }

    /** What came of a piece of work: its value, or the last error, and how many attempts it took. */
    record Attempted<T>(T value, int attempts, RuntimeException error) {
        boolean ok() {
            return error == null;
        }

        String message() {
            if (error == null) return null;
            return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        }
    }
}
