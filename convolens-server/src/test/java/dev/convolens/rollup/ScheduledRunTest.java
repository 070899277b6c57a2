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

/** What a scheduled run recomputes, on a real DuckDB file. */
class ScheduledRunTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z"); // 08:00 in New York, 13:00 in Berlin

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(NOW);
    RecordingFamily daily = new RecordingFamily("daily_conversation_metrics", Granularity.DAY);
    RecordingFamily hourly = new RecordingFamily("hourly_message_counts", Granularity.HOUR);
    JobsHarness jobs;

    @BeforeEach
    void start() {
        jobs = new JobsHarness(TestStore.duckDb(dir), clock, List.of(daily, hourly));
        jobs.tenant("ny", "America/New_York");
        jobs.tenant("berlin", "Europe/Berlin");
    }

    @AfterEach
    void stop() {
        jobs.close();
    }

    /** Marks a dirty range as the facts updater would, a little before now, so that it has settled. */
    void markSettled(String tenant, String from, String to) {
        Instant now = clock.instant();
        clock.set(now.minus(Duration.ofMinutes(5)));
        jobs.dirty.mark(tenant, Instant.parse(from), Instant.parse(to));
        clock.set(now);
    }

    static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    @Test
    void aDirtyRangeOnTheDstDayRecomputesThatShortLocalDayPlusTheCurrentAndPreviousDay() {
        markSettled("ny", "2026-03-08T15:00:00Z", "2026-03-08T16:00:00Z");

        JobSummary summary = jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();

        assertThat(daily.dates("ny")).containsExactly(d("2026-03-08"), d("2026-03-09"), d("2026-03-10"));
        Period dstDay = daily.periods("ny").get(0);
        assertThat(dstDay.from()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(Duration.between(dstDay.from(), dstDay.to())).isEqualTo(Duration.ofHours(23));
        assertThat(daily.dates("berlin")).containsExactly(d("2026-03-09"), d("2026-03-10"));
        assertThat(summary.tenants()).isEqualTo(2);
        assertThat(summary.periods()).isEqualTo(5);
        assertThat(summary.rows()).isEqualTo(50);
        assertThat(summary.failures()).isZero();

        JobRun ny = jobs.runs("daily_conversation_metrics").stream().filter(r -> "ny".equals(r.tenantId())).findFirst().orElseThrow();
        assertThat(ny.trigger()).isEqualTo("scheduled");
        assertThat(ny.from()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(ny.to()).isEqualTo(Instant.parse("2026-03-11T04:00:00Z"));
        assertThat(ny.periods()).isEqualTo(3);
        assertThat(ny.rowsWritten()).isEqualTo(30);
        assertThat(ny.outcome()).isEqualTo("success");
        assertThat(ny.attempts()).isEqualTo(1);
        assertThat(ny.error()).isNull();
        assertThat(ny.startedAt()).isEqualTo(NOW);
    }

    @Test
    void aSecondRunWithNothingNewRecomputesOnlyTheCurrentAndPreviousPeriod() {
        markSettled("ny", "2026-03-08T15:00:00Z", "2026-03-08T16:00:00Z");
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        daily.forget();
        clock.advance(Duration.ofHours(1));

        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();

        assertThat(daily.dates("ny")).containsExactly(d("2026-03-09"), d("2026-03-10"));
        assertThat(daily.dates("berlin")).containsExactly(d("2026-03-09"), d("2026-03-10"));
    }

    @Test
    void theWatermarkSurvivesARestart() {
        markSettled("ny", "2026-03-08T15:00:00Z", "2026-03-08T16:00:00Z");
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        long watermark = jobs.watermark("daily_conversation_metrics");
        jobs.close();

        RecordingFamily restarted = new RecordingFamily("daily_conversation_metrics", Granularity.DAY);
        jobs = new JobsHarness(TestStore.duckDb(dir), clock, List.of(restarted, hourly));
        clock.advance(Duration.ofHours(1));
        markSettled("ny", "2026-03-05T12:00:00Z", "2026-03-05T12:00:00Z");
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();

        assertThat(watermark).isPositive();
        assertThat(jobs.watermark("daily_conversation_metrics")).isGreaterThan(watermark);
        assertThat(restarted.dates("ny")).containsExactly(d("2026-03-05"), d("2026-03-09"), d("2026-03-10"));
    }

    @Test
    void aRangeIsReadOnlyOnceItHasSettled() {
        jobs.dirty.mark("ny", Instant.parse("2026-03-08T15:00:00Z"), Instant.parse("2026-03-08T15:00:00Z"));
        clock.advance(Duration.ofMinutes(1));
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("ny")).containsExactly(d("2026-03-09"), d("2026-03-10"));

        daily.forget();
        clock.advance(Duration.ofMinutes(2));
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("ny")).containsExactly(d("2026-03-08"), d("2026-03-09"), d("2026-03-10"));
    }

    @Test
    void aSettledRangeRecordedAfterAnUnsettledOneDoesNotMoveTheWatermarkPastIt() {
        // another instance's clock runs behind: its range gets the higher seq but the older created_at
        jobs.dirty.mark("ny", Instant.parse("2026-03-08T15:00:00Z"), Instant.parse("2026-03-08T15:00:00Z"));
        clock.set(NOW.minus(Duration.ofMinutes(5)));
        jobs.dirty.mark("berlin", Instant.parse("2026-03-05T12:00:00Z"), Instant.parse("2026-03-05T12:00:00Z"));
        clock.set(NOW.plus(Duration.ofMinutes(1)));

        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("berlin")).containsExactly(d("2026-03-05"), d("2026-03-09"), d("2026-03-10"));
        assertThat(daily.dates("ny")).containsExactly(d("2026-03-09"), d("2026-03-10"));
        assertThat(jobs.watermark("daily_conversation_metrics")).isZero();

        daily.forget();
        clock.advance(Duration.ofMinutes(2));
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("ny")).containsExactly(d("2026-03-08"), d("2026-03-09"), d("2026-03-10"));
        assertThat(jobs.watermark("daily_conversation_metrics")).isEqualTo(2);
    }

    @Test
    void hourlyPeriodsAreUtcHoursAndARangeIsClippedToNow() {
        markSettled("berlin", "2026-03-10T09:30:00Z", "2026-03-10T18:00:00Z");

        jobs.runner.runScheduled("hourly_message_counts").orElseThrow();

        assertThat(hourly.periods("berlin")).extracting(Period::from).containsExactly(
                Instant.parse("2026-03-10T09:00:00Z"), Instant.parse("2026-03-10T10:00:00Z"),
                Instant.parse("2026-03-10T11:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(hourly.periods("ny")).extracting(Period::from).containsExactly(
                Instant.parse("2026-03-10T11:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"));
    }

    @Test
    void aRangeOlderThanTheRetentionIsClippedToIt() {
        markSettled("berlin", "2025-01-01T00:00:00Z", "2026-02-08T13:30:00Z");
        markSettled("ny", "2025-01-01T00:00:00Z", "2026-02-08T11:00:00Z");

        jobs.runner.runScheduled("hourly_message_counts").orElseThrow();

        // hourly rows are kept 30 days, from 2026-02-08T12:00Z on: older hours would be deleted anyway
        assertThat(hourly.periods("berlin")).extracting(Period::from).containsExactly(
                Instant.parse("2026-02-08T12:00:00Z"), Instant.parse("2026-02-08T13:00:00Z"),
                Instant.parse("2026-03-10T11:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"));
        assertThat(hourly.periods("ny")).extracting(Period::from).containsExactly(
                Instant.parse("2026-03-10T11:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"));
    }

    @Test
    void dirtyRangesAreForgottenOnceEveryFamilyJobAndTheStatsHaveReadThem() {
        markSettled("ny", "2026-03-08T15:00:00Z", "2026-03-08T16:00:00Z");

        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(dirtyRanges()).isEqualTo(1);
        jobs.runner.runStatsOfChangedTenants().orElseThrow();
        assertThat(dirtyRanges()).isEqualTo(1);

        jobs.runner.runScheduled("hourly_message_counts").orElseThrow();
        assertThat(dirtyRanges()).isZero();
    }

    @Test
    void aRunForOneTenantLeavesTheWatermarkWhereItWas() {
        markSettled("ny", "2026-03-08T15:00:00Z", "2026-03-08T16:00:00Z");

        JobSummary summary = jobs.runner.runNow("daily_conversation_metrics", JobRequest.now("ny"));

        assertThat(summary.tenants()).isEqualTo(1);
        assertThat(daily.dates("ny")).containsExactly(d("2026-03-08"), d("2026-03-09"), d("2026-03-10"));
        assertThat(daily.dates("berlin")).isEmpty();
        assertThat(jobs.watermark("daily_conversation_metrics")).isZero();
        assertThat(jobs.runs("daily_conversation_metrics")).singleElement().extracting(JobRun::trigger).isEqualTo("manual");
    }

    long dirtyRanges() {
        return jobs.jdbc.queryForObject("SELECT count(*) FROM dirty_ranges", Long.class);
    }
}
