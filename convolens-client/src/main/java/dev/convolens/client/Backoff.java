package dev.convolens.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts: exponential with jitter, never shorter than the server's {@code Retry-After}. The jitter
 * keeps many clients pushed back by the same overload from coming back in step.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /**
     * The wait after failed attempt number {@code attempt} (1 for the first): a random point in the upper half of
     * {@code min(max, initial * 2^(attempt-1))}, or {@code retryAfterNanos} when the server asked for longer.
     */
    long delay(int attempt, long retryAfterNanos) {
        long ceiling = initialNanos;
        for (int i = 1; i < attempt && ceiling < maxNanos; i++) ceiling *= 2;
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        long jittered = half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
        return Math.max(jittered, retryAfterNanos);
    }

    /** A {@code Retry-After} header (seconds or an HTTP date) as nanoseconds from now; 0 when absent or unreadable. */
    static long retryAfterNanos(String header, Clock clock) {
        if (header == null || header.isBlank()) return 0;
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            if (seconds <= 0) return 0;
            return seconds >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : seconds * 1_000_000_000L;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(clock.instant(), at.toInstant()).toNanos());
            } catch (DateTimeParseException | ArithmeticException unreadable) {
                return 0;
            }
        }
    }
}
