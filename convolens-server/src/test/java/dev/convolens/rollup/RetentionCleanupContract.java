package dev.convolens.rollup;

import dev.convolens.support.TestStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.event.Event;
import dev.convolens.storage.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code retention_cleanup} removes exactly what is older than each retention, and nothing else; run by every store's
 * subclass. Retention here: raw 90 days, hourly 30, daily 365 ({@link JobsHarness#RETENTION}); runs 30 days.
 */
abstract class RetentionCleanupContract {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Instant RAW_CUTOFF = Instant.parse("2026-08-22T12:00:00Z");
    static final Instant HOURLY_CUTOFF = Instant.parse("2026-10-21T12:00:00Z");
    static final Instant DAILY_CUTOFF = Instant.parse("2025-11-20T12:00:00Z");

    MutableClock clock = new MutableClock(NOW);
    RecordingFamily daily = new RecordingFamily("daily_conversation_metrics", Granularity.DAY, "test_daily",
            new java.util.ArrayList<>());
    RecordingFamily hourly = new RecordingFamily("hourly_message_counts", Granularity.HOUR, "test_hourly",
            new java.util.ArrayList<>());
    JobsHarness jobs;

    abstract TestStore store();

    @BeforeEach
    void start() {
        jobs = new JobsHarness(store(), clock, List.of(daily, hourly));
        jobs.tenant("acme", "Europe/Berlin");
        for (String table : List.of("test_daily", "test_hourly")) {
            jobs.jdbc.execute("CREATE TABLE " + table + " (tenant_id VARCHAR NOT NULL, period_start TIMESTAMPTZ NOT NULL, n INTEGER)");
        }
    }

    @AfterEach
    void stop() {
        jobs.close();
    }

    void event(String id, Instant ts) {
        jobs.events.append(List.of(Event.builder().tenantId("acme").id(id).type("message.received").timestamp(ts)
                .receivedAt(ts).build()));
    }

    void row(String table, Instant periodStart) {
        jobs.jdbc.update("INSERT INTO " + table + " VALUES ('acme', ?, 1)", RunLog.utc(periodStart));
    }

    List<Instant> rows(String table) {
        return jobs.jdbc.query("SELECT period_start FROM " + table + " ORDER BY period_start",
                (rs, n) -> RunLog.instant(rs, 1));
    }

    void oldRun(Duration age) {
        jobs.kit.runLog().record(new JobRun("r-" + age, "daily_conversation_metrics", "acme", "scheduled", null, null,
                1, 0, 1, NOW.minus(age), 5, "success", 1, null));
    }

    @Test
    void removesExactlyWhatIsOlderThanEachRetention() {
        event("ancient", Instant.parse("2026-05-01T00:00:00Z"));
        event("just-expired", RAW_CUTOFF.minusSeconds(1));
        event("at-cutoff", RAW_CUTOFF);
        event("recent", NOW.minus(Duration.ofDays(1)));
        row("test_hourly", HOURLY_CUTOFF.minus(Duration.ofHours(1)));
        row("test_hourly", HOURLY_CUTOFF);
        row("test_daily", Instant.parse("2025-11-19T23:00:00Z")); // Berlin's 2025-11-20, which starts before the cutoff
        row("test_daily", Instant.parse("2025-11-20T23:00:00Z"));
        oldRun(Duration.ofDays(31));
        oldRun(Duration.ofDays(29));

        JobSummary summary = jobs.runner.runNow("retention_cleanup", JobRequest.now(null));

        assertThat(jobs.events.find("acme", EventQuery.latest(100))).extracting(Event::id)
                .containsExactly("recent", "at-cutoff");
        assertThat(rows("test_hourly")).containsExactly(HOURLY_CUTOFF);
        assertThat(rows("test_daily")).containsExactly(Instant.parse("2025-11-20T23:00:00Z"));
        assertThat(jobs.runs("daily_conversation_metrics")).extracting(JobRun::runId).containsExactly("r-PT696H");
        assertThat(summary.details()).containsEntry("events", 2L).containsEntry("test_hourly", 1L)
                .containsEntry("test_daily", 1L).containsEntry("job_runs", 1L);
        assertThat(summary.rows()).isEqualTo(5);
        assertThat(summary.failures()).isZero();
        assertThat(jobs.runs("retention_cleanup")).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("success");
            assertThat(r.tenantId()).isNull();
            assertThat(r.rowsWritten()).isEqualTo(5);
        });
    }

    @Test
    void responseTimesDerivedFromMessagesGoWithTheRawEvents() {
        for (Instant at : List.of(RAW_CUTOFF.minusSeconds(1), RAW_CUTOFF)) {
            jobs.jdbc.update("INSERT INTO derived_response_times (tenant_id, conversation_id, reply_id, ts, inbound_at, "
                    + "duration_ms) VALUES ('acme', 'c1', ?, ?, ?, 1000)", "r" + at, RunLog.utc(at),
                    RunLog.utc(at.minusSeconds(1)));
        }

        JobSummary summary = jobs.runner.runNow("retention_cleanup", JobRequest.now(null));

        assertThat(jobs.jdbc.query("SELECT ts FROM derived_response_times", (rs, n) -> RunLog.instant(rs, 1)))
                .containsExactly(RAW_CUTOFF);
        assertThat(summary.details()).containsEntry("derived_response_times", 1L);
    }

    @Test
    void forgetsTheDirtyRangesEveryConsumerHasReadAndFailedPeriodsPastRetention() {
        jobs.dirty.mark("acme", NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofHours(2)));
        long consumed = jobs.jdbc.queryForObject("SELECT max(seq) FROM dirty_ranges", Long.class);
        jobs.dirty.mark("acme", NOW.minus(Duration.ofHours(1)), NOW);
        jobs.kit.state().advance("daily_conversation_metrics", consumed + 1, NOW);
        jobs.kit.state().advance("hourly_message_counts", consumed, NOW);
        jobs.kit.state().advance("tenant_stats", consumed, NOW);
        jobs.kit.state().periodFailed("daily_conversation_metrics", "acme", DAILY_CUTOFF.minus(Duration.ofDays(1)), "x", NOW);
        jobs.kit.state().periodFailed("daily_conversation_metrics", "acme", NOW.minus(Duration.ofDays(1)), "x", NOW);

        jobs.runner.runNow("retention_cleanup", JobRequest.now(null));

        assertThat(jobs.jdbc.queryForList("SELECT seq FROM dirty_ranges", Long.class)).containsExactly(consumed + 1);
        assertThat(jobs.kit.state().failedPeriods("daily_conversation_metrics").get("acme"))
                .containsExactly(NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void aFailingStepIsRetriedAndLoggedWhileTheOtherStepsStillRun() {
        jobs.jdbc.execute("DROP TABLE test_daily");
        event("just-expired", RAW_CUTOFF.minusSeconds(1));

        JobSummary summary = jobs.runner.runNow("retention_cleanup", JobRequest.now(null));

        assertThat(summary.failures()).isEqualTo(1);
        assertThat(summary.details()).containsEntry("events", 1L);
        assertThat(jobs.pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(jobs.runs("retention_cleanup")).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("failed");
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(r.error()).startsWith("test_daily: ").contains("(after 3 attempts)");
        });
    }
}
