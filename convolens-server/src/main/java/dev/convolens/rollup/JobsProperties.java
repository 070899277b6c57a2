package dev.convolens.rollup;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job framework's settings ({@code convolens.jobs.*}, documented key by key in application.yml).
 *
 * @param enabled false switches every schedule off; jobs still run on {@code POST /api/jobs/{name}/run}
 * @param schedules Unix cron (minute hour day-of-month month day-of-week, UTC) per job, keyed by the job name with
 *        {@code -} for {@code _} ({@code hourly-message-counts}); {@code "-"} means "only on request"
 * @param settle how old a dirty range must be before a scheduled run reads it
 * @param retry how a failing period (tenant, cleanup step) is tried again
 * @param lockAtMostFor how long a job's cluster lock outlives a crashed instance (renewed while the job runs)
 * @param lockAtLeastFor shortest hold of a job's cluster lock, so an instance firing late skips the run just done
 *        (capped per job at half the gap between two fires of its cron)
 * @param runsRetention days of {@code job_runs} rows kept
 */
@ConfigurationProperties("convolens.jobs")
record JobsProperties(
        @DefaultValue("true") boolean enabled,
        Map<String, String> schedules,
        @DefaultValue("2m") Duration settle,
        @DefaultValue Retry retry,
        @DefaultValue("10m") Duration lockAtMostFor,
        @DefaultValue("1m") Duration lockAtLeastFor,
        @DefaultValue("30") int runsRetention) {

    /** The schedules a job has when application.yml does not say (the same values as there). */
    static final Map<String, String> DEFAULT_SCHEDULES = Map.ofEntries(
            Map.entry("hourly_message_counts", "0 * * * *"),
            Map.entry("hourly_response_times", "5 * * * *"),
            Map.entry("hourly_usage", "10 * * * *"),
            Map.entry("daily_conversation_metrics", "0 1 * * *"),
            Map.entry("daily_staff_performance", "0 1 * * *"),
            Map.entry("daily_intent_distribution", "0 1 * * *"),
            Map.entry("daily_bot_performance", "0 1 * * *"),
            Map.entry("daily_livechat", "0 1 * * *"),
            Map.entry("daily_usage_metrics", "0 1 * * *"),
            Map.entry("daily_response_times", "0 1 * * *"),
            Map.entry("daily_message_counts", "0 1 * * *"),
            Map.entry("weekly_satisfaction_trends", "0 2 * * 0"),
            Map.entry("monthly_summary", "0 3 1 * *"),
            Map.entry("tenant_stats", "* * * * *"),
            Map.entry("retention_cleanup", "30 4 * * *"));

    JobsProperties {
        schedules = schedules == null ? Map.of() : Map.copyOf(schedules);
        if (retry == null) retry = new Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));
        if (settle.isNegative()) throw new IllegalArgumentException("convolens.jobs.settle must not be negative");
        if (lockAtMostFor.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("convolens.jobs.lock-at-most-for must be at least 30s");
        }
        if (lockAtLeastFor.isNegative() || lockAtLeastFor.compareTo(lockAtMostFor) > 0) {
            throw new IllegalArgumentException("convolens.jobs.lock-at-least-for must be from 0 to lock-at-most-for");
        }
        if (runsRetention < 1) throw new IllegalArgumentException("convolens.jobs.runs-retention must be at least 1 day");
    }

    /** The job's cron as configured ({@code hourly-message-counts} or {@code [hourly_message_counts]}), else the default. */
    String scheduleOf(String job) {
        String configured = schedules.get(job.replace('_', '-'));
        if (configured == null) configured = schedules.get(job);
        if (configured == null) configured = DEFAULT_SCHEDULES.get(job);
        if (configured == null) {
            throw new IllegalStateException("job '" + job + "' has no schedule; set convolens.jobs.schedules."
                    + job.replace('_', '-') + " (a cron such as \"0 1 * * *\", or \"-\" to run it only on request)");
        }
        return configured.strip();
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(retry.attempts(), retry.initialBackoff(), retry.multiplier(), retry.maxBackoff());
    }

    /**
     * @param attempts tries before a failure is logged
     * @param initialBackoff wait before the second try
     * @param multiplier growth of each further wait
     * @param maxBackoff longest wait
     */
    record Retry(@DefaultValue("3") int attempts, @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier, @DefaultValue("1m") Duration maxBackoff) {}
}
