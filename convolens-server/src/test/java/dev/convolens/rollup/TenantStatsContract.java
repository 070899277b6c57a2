package dev.convolens.rollup;

import dev.convolens.support.TestStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.event.Event;
import dev.convolens.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code tenant_stats} job on a hand-built data set of a tenant in Asia/Kolkata (UTC+05:30), where
 * 2026-11-20T19:00Z is already local 2026-11-21; run by every store's subclass. Expected numbers are worked out by
 * hand next to the data.
 */
abstract class TenantStatsContract {
    static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z"); // 11:30 on 2026-11-22 in Kolkata
    static final String T = "kolkata";

    MutableClock clock = new MutableClock(NOW);
    JobsHarness jobs;
    Tenant tenant;
    List<Event> events = new ArrayList<>();
    int eventIds;

    abstract TestStore store();

    @BeforeEach
    void start() {
        jobs = new JobsHarness(store(), clock, List.of());
        tenant = jobs.tenant(T, "Asia/Kolkata");
        jobs.tenant("other", "Asia/Kolkata");
    }

    @AfterEach
    void stop() {
        jobs.close();
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    void conversation(String tenantId, String id, String startedAt, String firstResponseAt, Long firstResponseMs,
            String escalatedAt, String resolvedAt, boolean aiHandled) {
        jobs.jdbc.update("INSERT INTO conversations (tenant_id, conversation_id, first_event_at, started_at, "
                + "last_activity_at, first_response_at, first_response_ms, escalated_at, resolved_at, messages_in, "
                + "messages_out, staff_replies, ai_handled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)",
                tenantId, id, utc(startedAt), utc(startedAt), utc(startedAt), utc(firstResponseAt), firstResponseMs,
                utc(escalatedAt), utc(resolvedAt), aiHandled, utc(NOW.toString()));
    }

    void livechat(String id, String requestedAt, String missedAt) {
        jobs.jdbc.update("INSERT INTO livechats (tenant_id, request_id, requested_at, missed_at, status, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", T, id, utc(requestedAt), utc(missedAt), missedAt == null ? "NEW" : "MISSED",
                utc(NOW.toString()));
    }

    void event(String tenantId, String type, String ts, Double value, String metadata) {
        events.add(Event.builder().tenantId(tenantId).id("e" + eventIds++).type(type).timestamp(at(ts)).value(value)
                .metadata(metadata).build());
    }

    static java.time.OffsetDateTime utc(String instant) {
        return instant == null ? null : RunLog.utc(at(instant));
    }

    /** The data set; local times in Kolkata in the comments. */
    void handBuiltData() {
        // c1 starts 2026-11-21 00:30, first response 00:30:30 (30 s), resolved by the bot 15:30
        conversation(T, "c1", "2026-11-20T19:00:00Z", "2026-11-20T19:00:30Z", 30_000L, null, "2026-11-21T10:00:00Z", true);
        // c2 starts 2026-11-20 23:30, escalated 23:50, first response 2026-11-21 00:01 (60 s), resolved 2026-11-22 01:30
        conversation(T, "c2", "2026-11-20T18:00:00Z", "2026-11-20T18:31:00Z", 60_000L, "2026-11-20T18:20:00Z",
                "2026-11-21T20:00:00Z", false);
        // c3 starts 2026-10-05 13:30, first response after 10 s, still open
        conversation(T, "c3", "2026-10-05T08:00:00Z", "2026-10-05T08:00:10Z", 10_000L, null, null, false);
        // c4 starts 2025-11-01 01:30 local (still October in UTC): the first month of the window
        conversation(T, "c4", "2025-10-31T20:00:00Z", null, null, null, null, false);
        // c5 starts 2025-10-31 23:30 local: before the window
        conversation(T, "c5", "2025-10-31T18:00:00Z", null, null, null, null, false);
        conversation("other", "x1", "2026-11-20T19:00:00Z", "2026-11-20T19:00:30Z", 30_000L, null, "2026-11-21T10:00:00Z", true);

        event(T, "message.received", "2026-11-20T19:00:00Z", null, null); // 11-21
        event(T, "message.received", "2026-11-20T18:00:00Z", null, null); // 11-20
        event(T, "message.sent", "2026-11-20T19:00:30Z", null, null); // 11-21
        event(T, "message.sent", "2026-11-20T18:31:00Z", null, null); // 11-21
        event("other", "message.received", "2026-11-20T19:00:00Z", null, null);
        event(T, "satisfaction.rating_received", "2026-11-21T10:05:00Z", 5.0, null); // 11-21, positive
        event(T, "satisfaction.rating_received", "2026-11-21T11:00:00Z", 3.0, null); // 11-21
        event(T, "satisfaction.rating_received", "2026-11-21T12:00:00Z", 4.0, "{\"scale\":\"csat\"}"); // 11-21, positive
        event(T, "satisfaction.rating_received", "2026-11-21T12:30:00Z", 9.0, "{\"scale\":\"nps\"}"); // NPS: not CSAT
        event(T, "satisfaction.rating_received", "2026-11-21T13:00:00Z", 10.0, null); // out of 1..5: not CSAT
        event(T, "satisfaction.rating_received", "2026-11-21T20:00:00Z", 2.0, null); // 2026-11-22 01:30
        jobs.events.append(events);

        livechat("l1", "2026-11-20T18:45:00Z", "2026-11-20T18:50:00Z"); // requested and missed 11-21
        livechat("l2", "2026-11-21T04:00:00Z", null); // requested 11-21
        livechat("l3", "2026-11-20T18:00:00Z", "2026-11-20T18:40:00Z"); // requested 11-20, missed 11-21
    }

    static TenantStats.Bucket bucket(String period, long started, long resolved, long escalated, long aiHandled,
            long in, long out, Double avgFirstResponse, long firstResponses, Double csat, long ratings, long requests,
            long missed) {
        return new TenantStats.Bucket(LocalDate.parse(period), started, resolved, escalated, aiHandled, in, out,
                avgFirstResponse, firstResponses, csat, ratings, requests, missed);
    }

    static TenantStats.Bucket empty(String period) {
        return bucket(period, 0, 0, 0, 0, 0, 0, null, 0, null, 0, 0, 0);
    }

    TenantStats.Bucket day(TenantStats stats, String date) {
        return stats.daily().stream().filter(b -> b.period().equals(LocalDate.parse(date))).findFirst().orElseThrow();
    }

    TenantStats.Bucket month(TenantStats stats, String firstDay) {
        return stats.monthly().stream().filter(b -> b.period().equals(LocalDate.parse(firstDay))).findFirst().orElseThrow();
    }

    @Test
    void bucketsAreTheTenantsLocalDaysAndMonthsAndEachMeasureCountsWhereItCompleted() {
        handBuiltData();

        JobSummary summary = jobs.runner.runNow("tenant_stats", JobRequest.now(T));
        TenantStats stats = jobs.stats.find(T).orElseThrow();

        assertThat(summary.tenants()).isEqualTo(1);
        assertThat(summary.rows()).isEqualTo(60 + 13);
        assertThat(stats.timezone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(stats.updatedAt()).isEqualTo(NOW);
        assertThat(stats.daily()).hasSize(60);
        assertThat(stats.daily().get(0).period()).isEqualTo(LocalDate.parse("2026-09-24"));
        assertThat(stats.daily().get(59).period()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(stats.monthly()).extracting(TenantStats.Bucket::period).hasSize(13)
                .startsWith(LocalDate.parse("2025-11-01")).endsWith(LocalDate.parse("2026-11-01"));

        assertThat(day(stats, "2026-11-20")).isEqualTo(bucket("2026-11-20", 1, 0, 1, 0, 1, 0, null, 0, null, 0, 1, 0));
        assertThat(day(stats, "2026-11-21")).isEqualTo(bucket("2026-11-21", 1, 1, 0, 1, 1, 2, 45_000.0, 2, 200.0 / 3, 3, 2, 2));
        assertThat(day(stats, "2026-11-22")).isEqualTo(bucket("2026-11-22", 0, 1, 0, 0, 0, 0, null, 0, 0.0, 1, 0, 0));
        assertThat(day(stats, "2026-10-05")).isEqualTo(bucket("2026-10-05", 1, 0, 0, 0, 0, 0, 10_000.0, 1, null, 0, 0, 0));
        assertThat(day(stats, "2026-11-19")).isEqualTo(empty("2026-11-19"));

        assertThat(month(stats, "2026-11-01")).isEqualTo(bucket("2026-11-01", 2, 2, 1, 1, 2, 2, 45_000.0, 2, 50.0, 4, 3, 2));
        assertThat(month(stats, "2026-10-01")).isEqualTo(bucket("2026-10-01", 1, 0, 0, 0, 0, 0, 10_000.0, 1, null, 0, 0, 0));
        assertThat(month(stats, "2025-11-01")).isEqualTo(bucket("2025-11-01", 1, 0, 0, 0, 0, 0, null, 0, null, 0, 0, 0));
        assertThat(month(stats, "2026-05-01")).isEqualTo(empty("2026-05-01"));
        assertThat(jobs.stats.find("other")).isEmpty();
    }

    @Test
    void theDaemonRewritesOnlyTenantsWhoseStatsAreOlderThanTheRefresh() {
        JobSummary first = jobs.runner.runScheduled("tenant_stats").orElseThrow();
        assertThat(first.tenants()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(10));
        assertThat(jobs.runner.runScheduled("tenant_stats").orElseThrow().tenants()).isZero();
        assertThat(jobs.stats.find(T).orElseThrow().updatedAt()).isEqualTo(NOW);

        clock.advance(Duration.ofMinutes(6));
        assertThat(jobs.runner.runScheduled("tenant_stats").orElseThrow().tenants()).isEqualTo(2);
        assertThat(jobs.stats.find(T).orElseThrow().updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(16)));
        assertThat(jobs.runs("tenant_stats")).hasSize(4).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("success"));
    }

    @Test
    void aTimezoneChangeMakesTheStatsStaleAtOnce() {
        jobs.runner.runScheduled("tenant_stats").orElseThrow();
        jobs.tenants.update(new Tenant(T, tenant.name(), ZoneId.of("America/New_York"), tenant.settings(),
                tenant.createdAt(), NOW));
        clock.advance(Duration.ofMinutes(1));

        JobSummary again = jobs.runner.runScheduled("tenant_stats").orElseThrow();

        assertThat(again.tenants()).isEqualTo(1);
        assertThat(jobs.stats.find(T).orElseThrow().timezone()).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void aMonthWhoseRawEventsRetentionRemovedKeepsTheValueItHadWhileTheyWereThere() {
        event(T, "message.received", "2026-05-10T10:00:00Z", null, null);
        event(T, "message.received", "2026-11-21T10:00:00Z", null, null);
        jobs.events.append(events);
        jobs.runner.runNow("tenant_stats", JobRequest.now(T));

        jobs.events.deleteBefore(NOW.minus(Duration.ofDays(90)));
        event(T, "message.received", "2026-11-22T01:00:00Z", null, null);
        jobs.events.append(events.subList(2, 3));
        clock.advance(Duration.ofMinutes(20));
        jobs.runner.runNow("tenant_stats", JobRequest.now(T));

        TenantStats stats = jobs.stats.find(T).orElseThrow();
        assertThat(month(stats, "2026-05-01").messagesIn()).isEqualTo(1);
        assertThat(month(stats, "2026-11-01").messagesIn()).isEqualTo(2);
    }

    /** What the facts updater does after a commit: the new events are stored and their span recorded as dirty. */
    void ingested(String tenantId, String from, String to) {
        jobs.events.append(events);
        events.clear();
        jobs.dirty.mark(tenantId, at(from), at(to));
    }

    TenantStatsJob statsJob() {
        return (TenantStatsJob) jobs.registry.find(TenantStatsJob.NAME).orElseThrow();
    }

    @Test
    void newDataIsInTheStatsOneDebounceAfterItIsRecordedAndOnlyItsTenantIsRewritten() {
        jobs.runner.runScheduled("tenant_stats").orElseThrow();
        // a backfill: 2026-10-20 15:30 and 2026-11-08 15:30 in Kolkata, and a live message at 2026-11-22 10:30
        event(T, "message.received", "2026-10-20T10:00:00Z", null, null);
        event(T, "message.received", "2026-11-08T10:00:00Z", null, null);
        event(T, "message.received", "2026-11-22T05:00:00Z", null, null);
        ingested(T, "2026-10-20T10:00:00Z", "2026-11-22T05:00:00Z");

        clock.advance(Duration.ofSeconds(2)); // within the 5 s debounce
        assertThat(jobs.runner.runStatsOfChangedTenants().orElseThrow().tenants()).isZero();
        assertThat(day(jobs.stats.find(T).orElseThrow(), "2026-11-22").messagesIn()).isZero();

        clock.advance(Duration.ofSeconds(4));
        JobSummary changed = jobs.runner.runStatsOfChangedTenants().orElseThrow();

        assertThat(changed.tenants()).isEqualTo(1);
        TenantStats stats = jobs.stats.find(T).orElseThrow();
        assertThat(stats.updatedAt()).isEqualTo(NOW.plusSeconds(6));
        assertThat(day(stats, "2026-10-20").messagesIn()).isEqualTo(1);
        assertThat(day(stats, "2026-11-08").messagesIn()).isEqualTo(1);
        assertThat(day(stats, "2026-11-22").messagesIn()).isEqualTo(1);
        assertThat(day(stats, "2026-11-21").messagesIn()).isZero();
        assertThat(month(stats, "2026-10-01").messagesIn()).isEqualTo(1);
        assertThat(month(stats, "2026-11-01").messagesIn()).isEqualTo(2);
        assertThat(jobs.stats.find("other").orElseThrow().updatedAt()).isEqualTo(NOW);

        clock.advance(Duration.ofSeconds(10));
        assertThat(jobs.runner.runStatsOfChangedTenants().orElseThrow().tenants()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(jobs.runner.runScheduled("tenant_stats").orElseThrow().tenants()).isZero();
        assertThat(jobs.stats.find(T).orElseThrow().updatedAt()).isEqualTo(NOW.plusSeconds(6));
        // the minute runs log their rewrites (two tenants at first, none since); the daemon's looks only failures
        assertThat(jobs.runs("tenant_stats")).hasSize(2);
    }

    /**
     * Only the days from a change on are read again; the month holding it is its written value with those days
     * replaced. In Kolkata: before, messages on 10-20, 11-05 and 11-21 and ratings 2 (11-05) and 5 (11-21): November
     * has 2 messages and a CSAT of 1 positive in 2 = 50 %. The change adds a message and a rating of 4 on 11-21:
     * 11-21 has 2 messages and 2 positive ratings in 2 = 100 %; November 3 messages and 2 positive in 3 = 66.7 %.
     */
    @Test
    void aChangeRewritesTheDaysFromItsOwnOnAndItsMonthKeepsTheDaysBeforeIt() {
        event(T, "message.received", "2026-10-20T10:00:00Z", null, null);
        event(T, "message.received", "2026-11-05T10:00:00Z", null, null);
        event(T, "satisfaction.rating_received", "2026-11-05T10:05:00Z", 2.0, null);
        event(T, "message.received", "2026-11-21T10:00:00Z", null, null);
        event(T, "satisfaction.rating_received", "2026-11-21T10:05:00Z", 5.0, null);
        jobs.events.append(events);
        events.clear();
        jobs.runner.runNow("tenant_stats", JobRequest.now(T));
        assertThat(month(jobs.stats.find(T).orElseThrow(), "2026-11-01").csatScore()).isEqualTo(50.0);

        event(T, "message.received", "2026-11-21T11:00:00Z", null, null);
        event(T, "satisfaction.rating_received", "2026-11-21T11:05:00Z", 4.0, null);
        ingested(T, "2026-11-21T11:00:00Z", "2026-11-21T11:05:00Z");
        clock.advance(Duration.ofSeconds(6));

        statsJob().refreshChanged();

        TenantStats stats = jobs.stats.find(T).orElseThrow();
        assertThat(day(stats, "2026-10-20").messagesIn()).isEqualTo(1);
        assertThat(month(stats, "2026-10-01").messagesIn()).isEqualTo(1);
        assertThat(day(stats, "2026-11-05").messagesIn()).isEqualTo(1);
        assertThat(day(stats, "2026-11-21").messagesIn()).isEqualTo(2);
        assertThat(day(stats, "2026-11-21").csatRatings()).isEqualTo(2);
        assertThat(day(stats, "2026-11-21").csatScore()).isEqualTo(100.0);
        TenantStats.Bucket november = month(stats, "2026-11-01");
        assertThat(november.messagesIn()).isEqualTo(3);
        assertThat(november.csatRatings()).isEqualTo(3);
        assertThat(november.csatScore()).isEqualTo(200.0 / 3);
        assertThat(stats.updatedAt()).isEqualTo(NOW.plusSeconds(6));
    }

    @Test
    void aRestartStillRewritesTheStatsOfDataRecordedBeforeIt() {
        jobs.runner.runScheduled("tenant_stats").orElseThrow();
        event(T, "message.received", "2026-11-22T05:00:00Z", null, null); // 10:30 in Kolkata
        ingested(T, "2026-11-22T05:00:00Z", "2026-11-22T05:00:00Z");
        TestStore same = jobs.store;
        jobs.close();

        jobs = new JobsHarness(same, clock, List.of());
        clock.advance(Duration.ofMinutes(1)); // the next minute's scheduled run; the stats are 1 min old, not 15

        JobSummary run = jobs.runner.runScheduled("tenant_stats").orElseThrow();

        assertThat(run.tenants()).isEqualTo(1);
        assertThat(day(jobs.stats.find(T).orElseThrow(), "2026-11-22").messagesIn()).isEqualTo(1);
        assertThat(jobs.stats.find(T).orElseThrow().updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    }
}
