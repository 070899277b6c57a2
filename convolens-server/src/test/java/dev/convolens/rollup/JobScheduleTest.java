package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convolens.loading.Loading;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules are Unix crons in UTC, one per job, configurable by the job's name. */
class JobScheduleTest {

    static JobsProperties with(Map<String, String> schedules) {
        JobsProperties d = JobsHarness.properties(java.time.Duration.ZERO);
        return new JobsProperties(true, schedules, d.settle(), d.retry(), d.lockAtMostFor(), d.lockAtLeastFor(),
                d.runsRetention());
    }

    @Test
    void everySpecJobHasADefaultScheduleThatParses() {
        assertThat(JobsProperties.DEFAULT_SCHEDULES.keySet()).containsExactlyInAnyOrder("hourly_message_counts",
                "hourly_response_times", "daily_conversation_metrics", "daily_staff_performance",
                "daily_intent_distribution", "weekly_satisfaction_trends", "monthly_summary", "daily_bot_performance",
                "hourly_usage", "daily_livechat", "daily_usage_metrics", "daily_response_times", "daily_message_counts",
                "tenant_stats",
                "retention_cleanup");
        JobsProperties.DEFAULT_SCHEDULES.values().forEach(JobRegistry::springCron);
    }

    @Test
    void seed001sCronsFireWhenTheSeedSays() {
        LocalDateTime saturday = LocalDateTime.parse("2026-11-21T10:00:00");
        assertThat(JobRegistry.springCron("0 2 * * 0").next(saturday)).isEqualTo(LocalDateTime.parse("2026-11-22T02:00:00"));
        assertThat(JobRegistry.springCron("0 3 1 * *").next(saturday)).isEqualTo(LocalDateTime.parse("2026-12-01T03:00:00"));
        assertThat(JobRegistry.springCron("5 * * * *").next(saturday)).isEqualTo(LocalDateTime.parse("2026-11-21T10:05:00"));
        assertThat(JobRegistry.springCron("0 1 * * *").next(saturday)).isEqualTo(LocalDateTime.parse("2026-11-22T01:00:00"));
    }

    @Test
    void aScheduleIsConfiguredByTheJobsNameWithDashesOrAsIs() {
        JobsProperties p = with(Map.of("hourly-message-counts", "7 * * * *", "daily_livechat", "-"));

        assertThat(p.scheduleOf("hourly_message_counts")).isEqualTo("7 * * * *");
        assertThat(p.scheduleOf("daily_livechat")).isEqualTo(JobRegistry.ON_REQUEST);
        assertThat(p.scheduleOf("monthly_summary")).isEqualTo("0 3 1 * *");
    }

    @Test
    void aFamilyWithoutAScheduleOrWithABadCronStopsTheStartNamingTheKey() {
        JobsProperties p = with(Map.of("daily-livechat", "0 25 * * *"));

        assertThatThrownBy(() -> p.scheduleOf("daily_sentiment")).hasMessageContaining("convolens.jobs.schedules.daily-sentiment");
        RecordingFamily bad = new RecordingFamily("daily_livechat", Granularity.DAY);
        assertThatThrownBy(() -> JobRegistry.of(List.of(bad), kit(p), null, null, null, null))
                .hasMessageContaining("convolens.jobs.schedules.daily-livechat = '0 25 * * *'");
    }

    @Test
    void aScheduledRunHoldsItsLockAtMostHalfTheGapToItsNextFire() {
        java.time.Instant now = java.time.Instant.parse("2026-11-21T10:00:30Z");
        java.time.Duration minute = java.time.Duration.ofMinutes(1);

        assertThat(JobRunner.hold("* * * * *", minute, now)).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(JobRunner.hold("0 1 * * *", minute, now)).isEqualTo(minute);
        assertThat(JobRunner.hold(JobRegistry.ON_REQUEST, minute, now)).isEqualTo(minute);
    }

    static JobKit kit(JobsProperties p) {
        return new JobKit(null, null, null, null, null, null, JobsHarness.RETENTION, p, new Loading());
    }
}
