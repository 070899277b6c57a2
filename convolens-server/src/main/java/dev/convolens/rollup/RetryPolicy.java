package dev.convolens.rollup;

import java.time.Duration;

/**
 * Exponential backoff: {@code attempts} tries, waiting {@code initialBackoff} after the first failure, then
 * {@code multiplier} times longer after each further one, never longer than {@code maxBackoff}.
 */
record RetryPolicy(int attempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    RetryPolicy {
        if (attempts < 1) throw new IllegalArgumentException("convolens.jobs.retry.attempts must be at least 1");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("convolens.jobs.retry backoffs must not be negative");
        }
        if (multiplier < 1) throw new IllegalArgumentException("convolens.jobs.retry.multiplier must be at least 1");
    }

    /** The wait after failed attempt number {@code attempt} (1-based), before the next one. */
    Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(Math.round(millis));
    }
}
