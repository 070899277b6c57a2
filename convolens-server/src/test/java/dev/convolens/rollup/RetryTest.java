package dev.convolens.rollup;

import dev.convolens.support.TestStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing period is retried with exponential backoff, logged, and tried again by the next scheduled run. */
class RetryTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final LocalDate BAD_DAY = LocalDate.parse("2026-03-08");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(NOW);
    RecordingFamily daily = new RecordingFamily("daily_conversation_metrics", Granularity.DAY);
    JobsHarness jobs;

    @BeforeEach
    void start() {
        jobs = new JobsHarness(TestStore.duckDb(dir), clock, List.of(daily));
        jobs.tenant("ny", "America/New_York");
        jobs.tenant("berlin", "Europe/Berlin");
        clock.set(NOW.minus(Duration.ofMinutes(5)));
        jobs.dirty.mark("ny", Instant.parse("2026-03-08T15:00:00Z"), Instant.parse("2026-03-08T16:00:00Z"));
        clock.set(NOW);
    }

    @AfterEach
    void stop() {
        jobs.close();
    }

    void failOnBadDay() {
        daily.failure = (call, attempt) -> call.tenantId().equals("ny") && call.period().date().equals(BAD_DAY)
                ? new IllegalStateException("boom") : null;
    }

    @Test
    void aPeriodFailingEveryAttemptIsLoggedFailedWhileTheOtherPeriodsStillRun() {
        failOnBadDay();

        JobSummary summary = jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();

        assertThat(daily.dates("ny")).containsExactly(BAD_DAY, BAD_DAY, BAD_DAY, LocalDate.parse("2026-03-09"),
                LocalDate.parse("2026-03-10"));
        assertThat(jobs.pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(summary.failures()).isEqualTo(1);
        JobRun ny = run("ny");
        assertThat(ny.outcome()).isEqualTo("failed");
        assertThat(ny.attempts()).isEqualTo(3);
        assertThat(ny.periods()).isEqualTo(3);
        assertThat(ny.failedPeriods()).isEqualTo(1);
        assertThat(ny.rowsWritten()).isEqualTo(20);
        assertThat(ny.error()).isEqualTo("2026-03-08: boom (after 3 attempts)");
        JobRun berlin = run("berlin");
        assertThat(berlin.outcome()).isEqualTo("success");
        assertThat(berlin.attempts()).isEqualTo(1);
    }

    @Test
    void aPeriodThatFailsOnceSucceedsOnItsSecondAttempt() {
        daily.failure = (call, attempt) -> call.period().date().equals(BAD_DAY) && attempt == 1
                ? new IllegalStateException("deadlock") : null;

        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();

        assertThat(jobs.pauses).containsExactly(Duration.ofSeconds(1));
        JobRun ny = run("ny");
        assertThat(ny.outcome()).isEqualTo("success");
        assertThat(ny.attempts()).isEqualTo(2);
        assertThat(ny.rowsWritten()).isEqualTo(30);
        assertThat(ny.error()).isNull();
    }

    @Test
    void theNextScheduledRunTriesAFailedPeriodAgainUntilItSucceeds() {
        failOnBadDay();
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        daily.forget();
        daily.failure = (call, attempt) -> null;
        clock.advance(Duration.ofHours(1));

        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("ny")).containsExactly(BAD_DAY, LocalDate.parse("2026-03-09"), LocalDate.parse("2026-03-10"));

        daily.forget();
        clock.advance(Duration.ofHours(1));
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("ny")).containsExactly(LocalDate.parse("2026-03-09"), LocalDate.parse("2026-03-10"));
    }

    @Test
    void backoffDoublesFromOneSecondUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));

        assertThat(List.of(1, 2, 3, 4, 5)).map(policy::backoffAfter).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    JobRun run(String tenant) {
        return jobs.runs("daily_conversation_metrics").stream().filter(r -> tenant.equals(r.tenantId())).findFirst()
                .orElseThrow();
    }
}
