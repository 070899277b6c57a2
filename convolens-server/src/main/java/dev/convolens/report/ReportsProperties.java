package dev.convolens.report;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reports, schedules and their delivery ({@code convolens.reports.*}, documented key by key in application.yml).
 *
 * @param storage where generated scheduled reports are kept
 * @param grace how long after a period ends its scheduled report waits for late events
 * @param from the sender address of report mails
 * @param checkInterval how often the schedule runner looks for due reports
 * @param workers reports generated and sent at once by one instance
 * @param lease how long an instance owns a delivery attempt; a crashed instance's attempt is resumed after it
 * @param retry how a failed delivery is tried again
 */
@ConfigurationProperties("convolens.reports")
public record ReportsProperties(
        @DefaultValue("./data/reports") Path storage,
        @DefaultValue("2h") Duration grace,
        @DefaultValue("reports@convolens.local") String from,
        @DefaultValue("1m") Duration checkInterval,
        @DefaultValue("2") int workers,
        @DefaultValue("10m") Duration lease,
        @DefaultValue Retry retry) {

    public ReportsProperties {
        if (retry == null) retry = new Retry(5, Duration.ofMinutes(1), 2.0, Duration.ofHours(1));
        if (grace.isNegative()) throw new IllegalArgumentException("convolens.reports.grace must not be negative");
        if (checkInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("convolens.reports.check-interval must be at least 1s");
        }
        if (workers < 1) throw new IllegalArgumentException("convolens.reports.workers must be at least 1");
        if (lease.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("convolens.reports.lease must be at least 30s");
        }
        if (retry.attempts() < 1) throw new IllegalArgumentException("convolens.reports.retry.attempts must be at least 1");
        if (retry.multiplier() < 1) throw new IllegalArgumentException("convolens.reports.retry.multiplier must be at least 1");
    }

    /**
     * @param attempts tries of one delivery before it is logged failed for good
     * @param initialBackoff wait before the second try
     * @param multiplier growth of each further wait
     * @param maxBackoff longest wait
     */
    public record Retry(@DefaultValue("5") int attempts, @DefaultValue("1m") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier, @DefaultValue("1h") Duration maxBackoff) {

        /** The wait after failed attempt number {@code attempt} (1-based), before the next one. */
        public Duration backoffAfter(int attempt) {
            double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
            return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(Math.round(millis));
        }
    }
}
