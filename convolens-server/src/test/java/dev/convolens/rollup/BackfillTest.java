package dev.convolens.rollup;

import dev.convolens.support.TestStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.loading.Loading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backfill over [from, to) recomputes exactly the periods it covers, on a real DuckDB file. */
class BackfillTest {
    static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(NOW);
    RecordingFamily daily = new RecordingFamily("daily_conversation_metrics", Granularity.DAY);
    RecordingFamily hourly = new RecordingFamily("hourly_message_counts", Granularity.HOUR);
    RecordingFamily weekly = new RecordingFamily("weekly_satisfaction_trends", Granularity.WEEK);
    JobsHarness jobs;

    @BeforeEach
    void start() {
        jobs = new JobsHarness(TestStore.duckDb(dir), clock, List.of(daily, hourly, weekly));
        jobs.tenant("ny", "America/New_York");
        jobs.tenant("kolkata", "Asia/Kolkata");
    }

    @AfterEach
    void stop() {
        jobs.close();
    }

    static JobRequest.Bound day(String date) {
        return JobRequest.Bound.of(LocalDate.parse(date));
    }

    static JobRequest.Bound instant(String instant) {
        return JobRequest.Bound.of(Instant.parse(instant));
    }

    @Test
    void datesAreLocalDaysOfEachTenantAndTheEndIsExclusive() {
        JobSummary summary = jobs.runner.runNow("daily_conversation_metrics",
                JobRequest.backfill(null, day("2026-03-07"), day("2026-03-09")));

        assertThat(daily.dates("ny")).containsExactly(LocalDate.parse("2026-03-07"), LocalDate.parse("2026-03-08"));
        assertThat(daily.dates("kolkata")).containsExactly(LocalDate.parse("2026-03-07"), LocalDate.parse("2026-03-08"));
        Period nyDstDay = daily.periods("ny").get(1);
        assertThat(Duration.between(nyDstDay.from(), nyDstDay.to())).isEqualTo(Duration.ofHours(23));
        assertThat(daily.periods("kolkata").get(0).from()).isEqualTo(Instant.parse("2026-03-06T18:30:00Z"));
        assertThat(summary.trigger()).isEqualTo("backfill");
        assertThat(summary.tenants()).isEqualTo(2);
        assertThat(summary.periods()).isEqualTo(4);
        assertThat(jobs.runs("daily_conversation_metrics")).extracting(JobRun::trigger).containsOnly("backfill");
    }

    @Test
    void aBackfillReportsItsProgressToItsTenantWhileItRunsAndNothingOnceDone() {
        List<String> seen = new java.util.ArrayList<>();
        daily.failure = (call, attempt) -> {
            for (Loading.Progress p : jobs.loading.of("kolkata")) seen.add(p.what() + " " + p.done() + "/" + p.total() + " " + p.unit());
            seen.add("ny sees " + jobs.loading.of("ny").size());
            return null;
        };

        jobs.runner.runNow("daily_conversation_metrics", JobRequest.backfill("kolkata", day("2026-03-01"), day("2026-03-04")));

        // three local days, one period each: 0, 1 and 2 of them done when each starts
        assertThat(seen).containsExactly("rollups 0/3 periods", "ny sees 0", "rollups 1/3 periods", "ny sees 0",
                "rollups 2/3 periods", "ny sees 0");
        assertThat(jobs.loading.of("kolkata")).isEmpty();
    }

    @Test
    void aBackfillOverEveryTenantIsEveryTenantsAndAScheduledRunNobodys() {
        List<Integer> seenByNy = new java.util.ArrayList<>();
        daily.failure = (call, attempt) -> {
            seenByNy.add(jobs.loading.of("ny").size());
            return null;
        };

        jobs.runner.runNow("daily_conversation_metrics", JobRequest.backfill(null, day("2026-03-07"), day("2026-03-09")));
        assertThat(seenByNy).containsExactly(1, 1, 1, 1);

        seenByNy.clear();
        jobs.runner.runNow("daily_conversation_metrics", JobRequest.now(null));
        assertThat(seenByNy).isNotEmpty().containsOnly(0);
    }

    @Test
    void aBackfillForOneTenantLeavesTheOthersAlone() {
        JobSummary summary = jobs.runner.runNow("daily_conversation_metrics",
                JobRequest.backfill("kolkata", day("2026-03-01"), day("2026-03-04")));

        assertThat(daily.dates("kolkata")).containsExactly(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-03"));
        assertThat(daily.dates("ny")).isEmpty();
        assertThat(summary.tenants()).isEqualTo(1);
        assertThat(jobs.runs("daily_conversation_metrics")).extracting(JobRun::tenantId).containsExactly("kolkata");
    }

    @Test
    void instantsSelectThePeriodsOverlappingTheRange() {
        jobs.runner.runNow("hourly_message_counts",
                JobRequest.backfill("ny", instant("2026-03-08T05:30:00Z"), instant("2026-03-08T07:00:00Z")));

        assertThat(hourly.periods("ny")).extracting(Period::from).containsExactly(
                Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-08T06:00:00Z"));
    }

    @Test
    void weeksAreIsoWeeksStartingOnMonday() {
        // 2026-03-01 is a Sunday, 2026-03-16 a Monday
        jobs.runner.runNow("weekly_satisfaction_trends", JobRequest.backfill("ny", day("2026-03-01"), day("2026-03-16")));

        assertThat(weekly.dates("ny")).containsExactly(LocalDate.parse("2026-02-23"), LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-09"));
    }

    @Test
    void aBackfillNeitherReadsNorConsumesDirtyRanges() {
        clock.set(NOW.minus(Duration.ofHours(1)));
        jobs.dirty.mark("ny", Instant.parse("2026-03-15T12:00:00Z"), Instant.parse("2026-03-15T12:00:00Z"));
        clock.set(NOW);

        jobs.runner.runNow("daily_conversation_metrics", JobRequest.backfill("ny", day("2026-03-07"), day("2026-03-08")));

        assertThat(daily.dates("ny")).containsExactly(LocalDate.parse("2026-03-07"));
        assertThat(jobs.watermark("daily_conversation_metrics")).isZero();
        jobs.runner.runScheduled("daily_conversation_metrics").orElseThrow();
        assertThat(daily.dates("ny")).contains(LocalDate.parse("2026-03-15"));
    }
}
