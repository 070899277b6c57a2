package dev.convolens.rollup;

import dev.convolens.storage.EventStore;
import dev.convolens.system.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code retention_cleanup}: deletes raw events (and the response times derived from messages) older than
 * {@code convolens.retention.raw-events} days, each rollup family's rows whose {@code period_start} is older than the
 * retention of the family's calendar, run-log rows older than {@code convolens.jobs.runs-retention} days, and the
 * dirty ranges every family job has consumed. Each step is retried on its own; one failing step does not stop the
 * others. Logs one {@code job_runs} row (no tenant).
 */
final class RetentionCleanupJob implements Job {
    static final String NAME = "retention_cleanup";
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String schedule;
    private final JobKit kit;
    private final EventStore events;
    private final JdbcTemplate jdbc;
    private final List<RollupFamily> families;
    private final Supplier<Collection<String>> consumers;

    RetentionCleanupJob(String schedule, JobKit kit, EventStore events, JdbcTemplate jdbc, List<RollupFamily> families,
            Supplier<Collection<String>> consumers) {
        for (RollupFamily f : families) {
            if (f.table() == null || !TABLE.matcher(f.table()).matches()) {
                throw new IllegalStateException("rollup family " + f.jobName() + " names its table '" + f.table()
                        + "'; a table name is letters, digits and '_'");
            }
        }
        this.schedule = schedule;
        this.kit = kit;
        this.events = events;
        this.jdbc = jdbc;
        this.families = List.copyOf(families);
        this.consumers = consumers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String schedule() {
        return schedule;
    }

    @Override
    public void check(JobRequest request) {
        if (request.tenantId() != null) {
            throw ApiException.badRequest("tenantId", NAME + " cleans every tenant's data at once; leave tenantId out");
        }
        if (request.isBackfill()) {
            throw ApiException.badRequest("from", NAME + " deletes by the configured retention; from/to do not apply");
        }
    }

    @Override
    public JobSummary run(JobRequest request) {
        Instant started = kit.now();
        Map<String, Long> deleted = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int[] attempts = {0};
        step("events", () -> events.deleteBefore(days(started, kit.retention().rawEvents())), deleted, errors, attempts);
        // samples derived from messages are raw-event data: they go with the messages they came from
        step("derived_response_times", () -> (long) jdbc.update("DELETE FROM derived_response_times WHERE ts < ?",
                RunLog.utc(days(started, kit.retention().rawEvents()))), deleted, errors, attempts);
        for (RollupFamily family : families) {
            Instant cutoff = days(started, kit.retentionDays(family.granularity()));
            step(family.table(), () -> {
                long rows = jdbc.update("DELETE FROM " + family.table() + " WHERE period_start < ?", RunLog.utc(cutoff));
                kit.state().forgetFailedBefore(family.jobName(), cutoff);
                return rows;
            }, deleted, errors, attempts);
        }
        step("job_runs", () -> kit.runLog().deleteBefore(days(started, kit.properties().runsRetention())), deleted,
                errors, attempts);
        step("dirty_ranges_through_seq", () -> kit.state().forgetConsumed(consumers.get(), kit.dirty()), deleted,
                errors, attempts);
        long rows = deleted.entrySet().stream().filter(e -> !e.getKey().startsWith("dirty_ranges"))
                .mapToLong(Map.Entry::getValue).sum();
        int steps = deleted.size() + errors.size();
        kit.runLog().record(new JobRun(JobKit.newRunId(), NAME, null, request.trigger().wireName(), null, null, steps,
                errors.size(), rows, started, kit.millisSince(started), errors.isEmpty() ? JobRun.SUCCESS : JobRun.FAILED,
                attempts[0], errors.isEmpty() ? null : String.join("; ", errors)));
        return new JobSummary(NAME, request.trigger().wireName(), 0, steps, rows, errors.size(),
                started, kit.millisSince(started), deleted);
    }

    private void step(String what, Supplier<Long> work, Map<String, Long> deleted, List<String> errors, int[] attempts) {
        Retrying.Attempted<Long> a = kit.retrying().call(NAME + " " + what, work);
        attempts[0] = Math.max(attempts[0], a.attempts());
        if (a.ok()) {
            deleted.put(what, a.value());
        } else {
            errors.add(what + ": " + a.message() + " (after " + a.attempts() + " attempts)");
        }
    }

    private static Instant days(Instant now, int days) {
        return now.minus(days, ChronoUnit.DAYS);
    }
}
