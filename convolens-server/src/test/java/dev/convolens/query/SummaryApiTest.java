package dev.convolens.query;

import static dev.convolens.query.Events.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convolens.rollup.DailyBotPerformance;
import dev.convolens.rollup.DailyResponseTimes;
import dev.convolens.rollup.HourlyMessageCounts;
import dev.convolens.rollup.HourlyResponseTimes;
import dev.convolens.support.Http;
import dev.convolens.support.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Seed 002's chart and bot routes and seed 001's dashboard on hand-built events, for a UTC tenant and an
 * America/New_York tenant (2026-11-01 there has 25 hours: EDT until 06:00Z, EST after).
 */
class SummaryApiTest extends AnalyticsServerTest {

    @Autowired
    Dashboard dashboard;

    // ---- charts ----

    List<Events> chartEvents() {
        return List.of(
                of("response.time_recorded", "2026-10-27T15:00:00Z").conv("r1").channel("whatsapp").ms(100),
                of("response.time_recorded", "2026-10-27T16:00:00Z").conv("r2").channel("whatsapp").ms(200),
                of("response.time_recorded", "2026-11-01T04:00:00Z").conv("r3").channel("webchat").ms(300),
                of("response.time_recorded", "2026-11-02T04:30:00Z").conv("r4").channel("whatsapp").ms(500),
                of("response.time_recorded", "2026-11-02T15:00:00Z").conv("r5").channel("whatsapp").ms(1000),
                of("response.time_recorded", "2026-11-02T16:00:00Z").conv("r6").channel("whatsapp").ms(9999),
                of("message.received", "2026-11-01T04:00:00Z").conv("v1"),
                of("message.received", "2026-11-02T04:30:00Z").conv("v2"),
                of("message.received", "2026-11-02T06:00:00Z").conv("v3"),
                of("message.sent", "2026-10-31T12:00:00Z").conv("v4"),
                of("message.sent", "2026-11-02T15:10:00Z").conv("v5"));
    }

    @Test
    void responseTimesGiveDailyAverageAndExactPercentilesInEachTenantsCalendar() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, chartEvents());
        send(ny, chartEvents());
        rollUp(utc, HourlyResponseTimes.TABLE, "2026-10-27T00:00:00Z", "2026-11-02T05:00:00Z");
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));

        JsonNode n = get(ny, "/api/analytics/response-times?period=7d");
        JsonNode u = get(utc, "/api/analytics/response-times?period=7d");

        assertThat(n.get("granularity").asString()).isEqualTo("day");
        assertThat(n.get("from").asString()).isEqualTo("2026-10-27T04:00:00Z");
        assertThat(n.get("to").asString()).isEqualTo("2026-11-02T15:30:00Z");
        JsonNode points = n.get("points");
        assertThat(points.findValuesAsString("period")).containsExactly("2026-10-27", "2026-10-28", "2026-10-29",
                "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02");
        assertThat(field(points, "avg")).containsExactly(150.0, null, null, null, null, 400.0, 1000.0);
        assertThat(field(points, "p50")).containsExactly(150.0, null, null, null, null, 400.0, 1000.0);
        assertThat(field(points, "count")).containsExactly(2.0, 0.0, 0.0, 0.0, 0.0, 2.0, 1.0);
        assertThat(points.get(0).get("p95").asDouble()).isCloseTo(195.0, within(1e-6));
        assertThat(points.get(5).get("p95").asDouble()).isCloseTo(490.0, within(1e-6)); // 300, 500 (23:30 EST)

        JsonNode up = u.get("points");
        assertThat(field(up, "avg")).containsExactly(150.0, null, null, null, null, 300.0, 750.0);
        assertThat(field(up, "count")).containsExactly(2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0);
        assertThat(up.get(6).get("p95").asDouble()).isCloseTo(975.0, within(1e-6));

        JsonNode webchat = get(ny, "/api/analytics/response-times?period=7d&channel=webchat").get("points");
        assertThat(field(webchat, "avg")).containsExactly(null, null, null, null, null, 300.0, null);
    }

    @Test
    void dailyResponseTimesReadEveryClosedDayFromTheDailyRollupAndTodayFromTheEvents() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, chartEvents());
        rollUp(ny, DailyResponseTimes.TABLE, "2026-10-27T04:00:00Z", "2026-11-02T05:00:00Z"); // Oct 27 .. Nov 1
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));
        // a stored number is answered as stored: marking one shows which days come from the table
        jdbc.update("UPDATE daily_response_times SET p95_ms = 777 WHERE tenant_id = ? AND period_date = DATE '2026-10-27' "
                + "AND channel = '*' AND bot_id = '*'", ny.id());

        JsonNode points = get(ny, "/api/analytics/response-times?period=7d").get("points");

        assertThat(field(points, "avg")).containsExactly(150.0, null, null, null, null, 400.0, 1000.0);
        assertThat(field(points, "p50")).containsExactly(150.0, null, null, null, null, 400.0, 1000.0);
        assertThat(field(points, "count")).containsExactly(2.0, 0.0, 0.0, 0.0, 0.0, 2.0, 1.0);
        assertThat(points.get(0).get("p95").asDouble()).isEqualTo(777.0);
        assertThat(points.get(5).get("p95").asDouble()).isCloseTo(490.0, within(1e-6)); // 300, 500 (23:30 EST)
        assertThat(points.get(6).get("p95").asDouble()).isEqualTo(1000.0); // today so far: one sample
        JsonNode series = get(ny, "/api/analytics/timeseries?metric=response_time.p50&granularity=day&from=2026-10-27"
                + "&to=2026-11-02");
        assertThat(series.get("sources").toString()).isEqualTo("[\"daily_response_times\",\"events\"]");
    }

    @Test
    void theLast24HoursAreTwentyFourUtcHoursEndingWithTheCurrentOne() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, chartEvents());
        send(ny, chartEvents());
        rollUp(utc, HourlyResponseTimes.TABLE, "2026-11-01T00:00:00Z", "2026-11-02T05:00:00Z");
        rollUp(utc, HourlyMessageCounts.TABLE, "2026-11-01T00:00:00Z", "2026-11-02T05:00:00Z");
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));

        for (TestTenant t : List.of(utc, ny)) {
            JsonNode times = get(t, "/api/analytics/response-times").get("points");
            JsonNode volume = get(t, "/api/analytics/message-volume?period=24h").get("points");

            assertThat(times).hasSize(24);
            assertThat(times.get(0).get("period").asString()).isEqualTo("2026-11-01T16:00:00Z");
            assertThat(times.get(12).get("period").asString()).isEqualTo("2026-11-02T04:00:00Z");
            assertThat(times.get(23).get("period").asString()).isEqualTo("2026-11-02T15:00:00Z");
            assertThat(times.get(12).get("avg").asDouble()).isEqualTo(500.0);
            assertThat(times.get(23).get("p95").asDouble()).isEqualTo(1000.0);
            assertThat(field(times, "count").stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(2.0);
            assertThat(field(volume, "inbound").get(12)).isEqualTo(1.0);
            assertThat(field(volume, "inbound").get(14)).isEqualTo(1.0);
            assertThat(field(volume, "outbound").get(23)).isEqualTo(1.0);
            assertThat(field(volume, "total").stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(3.0);
        }
    }

    @Test
    void messageVolumeCountsInboundAndOutboundPerLocalDayWithCsv() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, chartEvents());
        send(ny, chartEvents());
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));

        JsonNode n = get(ny, "/api/analytics/message-volume?period=7d").get("points");
        JsonNode u = get(utc, "/api/analytics/message-volume?period=7d").get("points");

        assertThat(field(n, "inbound")).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 1.0);
        assertThat(field(n, "outbound")).containsExactly(0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0);
        assertThat(field(u, "inbound")).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0);
        assertThat(field(u, "total")).containsExactly(0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 3.0);
        Http.Response csv = http().get("/api/analytics/message-volume?period=7d&format=csv", ny.key());
        assertThat(csv.body().lines().toList()).hasSize(8).contains("period,inbound,outbound,total",
                "2026-11-01,2,0,2", "2026-11-02,1,1,2");
        assertThat(get(ny, "/api/analytics/message-volume?period=30d").get("points")).hasSize(30);
    }

    // ---- bots ----

    /** Bot b1's conversations k0..k3 (botId and channel only on their first event) and one of bot b2. */
    List<Events> botEvents() {
        return List.of(
                of("conversation.started", "2026-10-31T12:00:00Z").conv("k0").bot("b1").channel("whatsapp"),
                of("message.received", "2026-10-31T12:00:00Z").conv("k0"),
                of("message.sent", "2026-10-31T12:00:01Z").conv("k0"),
                of("response.time_recorded", "2026-10-31T12:00:01Z").conv("k0").ms(500),

                of("conversation.started", "2026-11-01T02:00:00Z").conv("k1").bot("b1").channel("whatsapp"),
                of("message.received", "2026-11-01T02:00:00Z").conv("k1"),
                of("message.sent", "2026-11-01T02:00:02Z").conv("k1"),
                of("response.time_recorded", "2026-11-01T02:00:02Z").conv("k1").ms(2000),

                of("conversation.started", "2026-11-01T10:00:00Z").conv("k2").bot("b1").channel("webchat"),
                of("message.received", "2026-11-01T10:00:00Z").conv("k2"),
                of("message.sent", "2026-11-01T10:00:01Z").conv("k2"),
                of("response.time_recorded", "2026-11-01T10:00:01Z").conv("k2").ms(1000),
                of("message.failed", "2026-11-01T10:01:00Z").conv("k2"),
                of("intent.classified", "2026-11-01T10:02:00Z").conv("k2").intent("billing").value(0.9),
                of("intent.confidence_low", "2026-11-01T10:02:00Z").conv("k2").intent("billing"),
                of("intent.classified", "2026-11-01T10:03:00Z").conv("k2").intent("refund").value(0.3),
                of("conversation.escalated", "2026-11-01T10:04:00Z").conv("k2"),
                of("semantic_search.query", "2026-11-01T10:05:00Z").conv("k2").meta("\"resultCount\":3"),
                of("semantic_search.query", "2026-11-01T10:06:00Z").conv("k2").meta("\"resultCount\":0"),
                of("llm.call", "2026-11-01T10:07:00Z").conv("k2").ms(400).meta("\"tokens\":100,\"costUsd\":0.25"),
                of("llm.call", "2026-11-01T10:08:00Z").conv("k2").ms(800)
                        .meta("\"tokens\":300,\"costUsd\":0.5,\"hasError\":true"),
                of("satisfaction.rating_received", "2026-11-01T10:09:00Z").conv("k2").value(4),

                of("conversation.started", "2026-11-02T04:30:00Z").conv("k3").bot("b1").channel("whatsapp"),
                of("message.received", "2026-11-02T04:30:00Z").conv("k3"),
                of("message.sent", "2026-11-02T04:30:03Z").conv("k3"),
                of("response.time_recorded", "2026-11-02T04:30:03Z").conv("k3").ms(3000),
                of("satisfaction.rating_received", "2026-11-02T04:31:00Z").conv("k3").value(2),

                of("conversation.started", "2026-11-01T10:00:00Z").conv("x1").bot("b2"),
                of("message.received", "2026-11-01T10:00:00Z").conv("x1"));
    }

    @Test
    void botPerformanceSumsTheBotsDayInEachTenantsCalendar() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, botEvents());
        send(ny, botEvents());
        rollUp(utc, DailyBotPerformance.TABLE, "2026-10-31T00:00:00Z", "2026-11-02T00:00:00Z");
        String path = "/api/analytics/bot/b1/performance?startDate=2026-11-01&endDate=2026-11-01";

        JsonNode u = get(utc, path);
        JsonNode n = get(ny, path);

        // UTC Nov 1: k1 and k2
        assertThat(u.get("sources").toString()).isEqualTo("[\"daily_bot_performance\"]");
        assertThat(u.get("from").asString()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(u.get("totalConversations").asLong()).isEqualTo(2);
        assertThat(u.get("conversationsEscalated").asLong()).isEqualTo(1);
        assertThat(u.get("totalMessages").asLong()).isEqualTo(4);
        assertThat(u.get("messagesFailed").asLong()).isEqualTo(1);
        assertThat(u.get("avgResponseTimeMs").asDouble()).isEqualTo(1500.0);
        assertThat(u.get("responseTimeP50Ms").asDouble()).isEqualTo(1500.0);
        assertThat(u.get("responseTimeP95Ms").asDouble()).isCloseTo(1950.0, within(1e-6));
        assertThat(u.get("responseTimeP99Ms").asDouble()).isCloseTo(1990.0, within(1e-6));
        assertThat(u.get("successRate").asDouble()).isEqualTo(0.5);
        assertThat(u.get("errorRate").asDouble()).isEqualTo(0.5);
        assertThat(u.get("fallbackRate").asDouble()).isEqualTo(0.5);
        assertThat(u.get("handoffRate").asDouble()).isEqualTo(0.5);
        assertThat(u.get("kbHitRate").asDouble()).isEqualTo(0.5);
        assertThat(u.get("llmCalls").asLong()).isEqualTo(2);
        assertThat(u.get("llmErrorRate").asDouble()).isEqualTo(0.5);
        assertThat(u.get("llmLatencyP95Ms").asDouble()).isCloseTo(780.0, within(1e-6));
        assertThat(u.get("tokens").asLong()).isEqualTo(400);
        assertThat(u.get("costUsd").asDouble()).isEqualTo(0.75);
        assertThat(u.get("costPerConversation").asDouble()).isEqualTo(0.375);
        assertThat(u.get("avgMessagesPerConversation").asDouble()).isEqualTo(2.0);
        assertThat(u.get("avgConversationDurationMs").asDouble()).isEqualTo(271_000.0); // 2 s and 9 min
        assertThat(u.get("satisfactionResponses").asLong()).isEqualTo(1);
        assertThat(u.get("satisfactionAvg").asDouble()).isEqualTo(4.0);

        // New York Nov 1 (04:00Z to 05:00Z next day): k2 and k3
        assertThat(n.get("sources").toString()).isEqualTo("[\"events\"]");
        assertThat(n.get("from").asString()).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(n.get("to").asString()).isEqualTo("2026-11-02T05:00:00Z");
        assertThat(n.get("totalConversations").asLong()).isEqualTo(2);
        assertThat(n.get("totalMessages").asLong()).isEqualTo(4);
        assertThat(n.get("avgResponseTimeMs").asDouble()).isEqualTo(2000.0);
        assertThat(n.get("responseTimeP50Ms").asDouble()).isEqualTo(2000.0);
        assertThat(n.get("responseTimeP95Ms").asDouble()).isCloseTo(2900.0, within(1e-6));
        assertThat(n.get("responseTimeP99Ms").asDouble()).isCloseTo(2980.0, within(1e-6));
        assertThat(n.get("successRate").asDouble()).isEqualTo(0.5);
        assertThat(n.get("fallbackRate").asDouble()).isEqualTo(0.5);
        assertThat(n.get("tokens").asLong()).isEqualTo(400);
        assertThat(n.get("avgConversationDurationMs").asDouble()).isEqualTo(300_000.0); // 9 min and 1 min
        assertThat(n.get("satisfactionResponses").asLong()).isEqualTo(2);
        assertThat(n.get("satisfactionAvg").asDouble()).isEqualTo(3.0);
    }

    @Test
    void botPerformanceComparedWithThePreviousPeriodGivesThePercentChange() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, botEvents());
        send(ny, botEvents());
        rollUp(utc, DailyBotPerformance.TABLE, "2026-10-31T00:00:00Z", "2026-11-02T00:00:00Z");
        String path = "/api/analytics/bot/b1/performance?startDate=2026-11-01&endDate=2026-11-01&compare=previous";

        JsonNode u = get(utc, path);
        JsonNode n = get(ny, path);

        assertThat(u.get("previous").get("from").asString()).isEqualTo("2026-10-31T00:00:00Z");
        assertThat(u.get("previous").get("totalConversations").asLong()).isEqualTo(1);
        assertThat(u.get("change").get("totalConversations").asDouble()).isEqualTo(100.0);
        assertThat(u.get("change").get("totalMessages").asDouble()).isEqualTo(100.0);
        assertThat(u.get("change").get("avgResponseTimeMs").asDouble()).isEqualTo(200.0); // 1500 against 500
        assertThat(u.get("change").get("successRate").asDouble()).isEqualTo(-50.0);
        assertThat(u.get("change").get("fallbackRate").isNull()).isTrue(); // no intents the day before
        // New York's Oct 31 holds k0 and k1 (22:00 EDT)
        assertThat(n.get("previous").get("from").asString()).isEqualTo("2026-10-31T04:00:00Z");
        assertThat(n.get("previous").get("to").asString()).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(n.get("change").get("totalConversations").asDouble()).isEqualTo(0.0);
        assertThat(n.get("change").get("avgResponseTimeMs").asDouble()).isEqualTo(60.0); // 2000 against 1250
    }

    @Test
    void botPercentilesOverSeveralDaysAreExactAndStoredDaysCombineWithRawEvents() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        send(utc, botEvents());
        rollUp(utc, DailyBotPerformance.TABLE, "2026-10-31T00:00:00Z", "2026-11-02T00:00:00Z");

        JsonNode twoDays = get(utc, "/api/analytics/bot/b1/performance?startDate=2026-10-31&endDate=2026-11-01");
        JsonNode fromNoon = get(utc, "/api/analytics/bot/b1/performance?startDate=2026-10-31T12:00:00Z&endDate=2026-11-01");

        // 500, 1000, 2000: the days' p95s are 500 and 1950
        assertThat(twoDays.get("responseTimeP95Ms").asDouble()).isCloseTo(1900.0, within(1e-6));
        assertThat(twoDays.get("totalConversations").asLong()).isEqualTo(3);
        assertThat(fromNoon.get("sources").toString()).isEqualTo("[\"daily_bot_performance\",\"events\"]");
        assertThat(fromNoon.get("totalConversations").asLong()).isEqualTo(3);
        assertThat(fromNoon.get("timedResponses").asLong()).isEqualTo(3);
        assertThat(fromNoon.get("avgResponseTimeMs").asLong()).isEqualTo(1167); // 3500 / 3 ms, whole
        assertThat(fromNoon.get("responseTimeP50Ms").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void botPercentilesComeFromRawEventsForAnyRange() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, botEvents());
        send(ny, botEvents());

        JsonNode u = get(utc, "/api/analytics/bot/b1/percentiles?from=2026-11-01&to=2026-11-01");
        JsonNode n = get(ny, "/api/analytics/bot/b1/percentiles?from=2026-11-01&to=2026-11-01");

        assertThat(u.get("samples").asLong()).isEqualTo(2);
        assertThat(u.get("p50").asDouble()).isEqualTo(1500.0);
        assertThat(u.get("p95").asDouble()).isCloseTo(1950.0, within(1e-6));
        assertThat(u.get("p99").asDouble()).isCloseTo(1990.0, within(1e-6));
        assertThat(n.get("samples").asLong()).isEqualTo(2);
        assertThat(n.get("p50").asDouble()).isEqualTo(2000.0);
        assertThat(n.get("p95").asDouble()).isCloseTo(2900.0, within(1e-6));
        assertThat(n.get("p99").asDouble()).isCloseTo(2980.0, within(1e-6));

        clock.set(Instant.parse("2026-11-02T12:00:00Z")); // default: the last 7 days, 500, 1000, 2000 and 3000
        for (TestTenant t : List.of(utc, ny)) {
            JsonNode week = get(t, "/api/analytics/bot/b1/percentiles");
            assertThat(week.get("samples").asLong()).isEqualTo(4);
            assertThat(week.get("avg").asDouble()).isEqualTo(1625.0);
            assertThat(week.get("p50").asDouble()).isEqualTo(1500.0);
            assertThat(week.get("p95").asDouble()).isCloseTo(2850.0, within(1e-6));
            assertThat(week.get("p99").asDouble()).isCloseTo(2970.0, within(1e-6));
            assertThat(get(t, "/api/analytics/bot/b1/percentiles?channel=webchat").get("p99").asDouble()).isEqualTo(1000.0);
        }
        assertThat(get(utc, "/api/analytics/bot/b2/percentiles").get("samples").asLong()).isZero();
    }

    @Test
    void aBotTheTenantHasNoDataForIsNotFound() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        send(utc, botEvents());
        TestTenant other = newTenant("UTC", "read");

        for (String path : Arrays.asList("/api/analytics/bot/nobody/performance", "/api/analytics/bot/nobody/percentiles")) {
            Http.Response r = http().get(path, utc.key());
            assertStatus(r, 404);
            assertThat(r.json().get("error").asString()).isEqualTo("not found");
        }
        assertStatus(http().get("/api/analytics/bot/b1/performance", other.key()), 404);
        assertStatus(http().get("/api/analytics/bot/b1/performance?tenantId=" + utc.id(), other.key()), 403);
        assertThat(http().get("/api/analytics/bot/b1/performance?startDate=someday", utc.key()).json().get("error")
                .asString()).isEqualTo("invalid startDate");
        assertThat(http().get("/api/analytics/bot/b1/performance?compare=last", utc.key()).json().get("error")
                .asString()).isEqualTo("invalid compare");
    }

    // ---- dashboard ----

    List<Events> dashboardEvents() {
        return List.of(
                // yesterday, Nov 1
                of("conversation.started", "2026-11-01T03:00:00Z").conv("y1"), // NY: Oct 31 23:00 EDT
                of("conversation.started", "2026-11-01T05:00:00Z").conv("y4"),
                of("response.time_recorded", "2026-11-01T05:00:02Z").conv("y4").ms(2000),
                of("satisfaction.rating_received", "2026-11-01T05:00:03Z").conv("y4").value(4),
                of("conversation.started", "2026-11-01T15:00:00Z").conv("y2"), // NY: 10:00 EST
                of("message.received", "2026-11-01T15:00:00Z").conv("y2"),
                of("response.time_recorded", "2026-11-01T15:00:05Z").conv("y2").ms(4000),
                of("satisfaction.rating_received", "2026-11-01T15:10:00Z").conv("y2").value(2),
                of("conversation.started", "2026-11-01T16:00:00Z").conv("y3"), // after this time of day
                of("satisfaction.rating_received", "2026-11-01T16:00:30Z").conv("y3").value(5),
                // today, Nov 2
                of("conversation.started", "2026-11-02T03:00:00Z").conv("t1"), // NY: Nov 1 22:00 EST
                of("conversation.resolved", "2026-11-02T04:00:00Z").conv("t1"),
                of("conversation.started", "2026-11-02T06:00:00Z").conv("t4"),
                of("conversation.resolved", "2026-11-02T07:00:00Z").conv("t4"),
                of("conversation.started", "2026-11-02T10:00:00Z").conv("t2"),
                of("message.received", "2026-11-02T10:00:00Z").conv("t2"),
                of("message.sent", "2026-11-02T10:00:01Z").conv("t2"),
                of("response.time_recorded", "2026-11-02T10:00:01Z").conv("t2").ms(1000),
                of("conversation.escalated", "2026-11-02T10:01:00Z").conv("t2"),
                of("satisfaction.rating_received", "2026-11-02T10:05:00Z").conv("t2").value(5),
                of("conversation.started", "2026-11-02T15:00:00Z").conv("t3"),
                of("message.received", "2026-11-02T15:00:00Z").conv("t3"),
                of("message.received", "2026-11-02T15:20:00Z").conv("t3"),
                of("message.sent", "2026-11-02T15:21:00Z").conv("t3"),
                of("response.time_recorded", "2026-11-02T15:21:00Z").conv("t3").ms(2000),
                of("satisfaction.rating_received", "2026-11-02T15:25:00Z").conv("t3").value(4),
                of("staff.login", "2026-11-02T08:00:00Z").staff("a1"),
                of("staff.login", "2026-11-02T08:00:00Z").staff("a2"),
                of("staff.logout", "2026-11-02T09:00:00Z").staff("a2"),
                of("task.created", "2026-11-02T09:00:00Z").task("T1"),
                of("task.created", "2026-11-02T09:00:00Z").task("T2"),
                of("task.completed", "2026-11-02T09:30:00Z").task("T1"),
                of("task.created", "2026-11-02T16:00:00Z").task("T3")); // after now
    }

    @Test
    void theDashboardComparesTodaySoFarWithYesterdayUpToTheSameLocalTime() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, dashboardEvents());
        send(ny, dashboardEvents());
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));

        JsonNode u = get(utc, "/api/analytics/dashboard");
        JsonNode n = get(ny, "/api/analytics/dashboard");

        JsonNode today = u.get("today");
        assertThat(today.get("conversationsActive").asLong()).isEqualTo(1);
        assertThat(today.get("conversationsResolved").asLong()).isEqualTo(2);
        assertThat(today.get("messagesReceived").asLong()).isEqualTo(3);
        assertThat(today.get("messagesSent").asLong()).isEqualTo(2);
        assertThat(today.get("avgResponseTimeMs").asLong()).isEqualTo(1500);
        assertThat(today.get("escalationRate").asDouble()).isEqualTo(0.25);
        assertThat(u.get("comparison").get("conversationsChange").asDouble()).isEqualTo(33.33); // +1/3, in % to 2 decimals
        assertThat(u.get("comparison").get("responseTimeChange").asDouble()).isEqualTo(-50.0);
        assertThat(u.get("comparison").get("satisfactionChange").asDouble()).isEqualTo(50.0); // 4.5 against 3.0
        assertThat(u.get("activeConversations").asLong()).isEqualTo(1);
        assertThat(u.get("staffOnline").asLong()).isEqualTo(1);
        assertThat(u.get("pendingTasks").asLong()).isEqualTo(1);

        // New York: today from 05:00Z; yesterday from 04:00Z (EDT) to 10:30 EST, which is 15:30Z
        assertThat(n.get("span").get("todayFrom").asString()).isEqualTo("2026-11-02T05:00:00Z");
        assertThat(n.get("span").get("yesterdayFrom").asString()).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(n.get("span").get("yesterdayTo").asString()).isEqualTo("2026-11-01T15:30:00Z");
        JsonNode nyToday = n.get("today");
        assertThat(nyToday.get("conversationsStarted").asLong()).isEqualTo(3);
        assertThat(nyToday.get("conversationsResolved").asLong()).isEqualTo(1);
        assertThat(nyToday.get("messagesReceived").asLong()).isEqualTo(3);
        assertThat(nyToday.get("escalationRate").asDouble()).isEqualTo(0.3333); // 1 of 3, to 4 decimals
        assertThat(n.get("comparison").get("yesterday").get("conversationsStarted").asLong()).isEqualTo(2);
        assertThat(n.get("comparison").get("conversationsChange").asDouble()).isEqualTo(50.0);
        assertThat(n.get("comparison").get("responseTimeChange").asDouble()).isEqualTo(-50.0);
        assertThat(n.get("comparison").get("satisfactionChange").asDouble()).isEqualTo(50.0);
    }

    @Test
    void theDashboardIsCachedForSixtySecondsPerTenant() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, dashboardEvents());
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));
        Http.Response first = http().get("/api/analytics/dashboard", ny.key());
        assertThat(first.json().get("today").get("messagesReceived").asLong()).isEqualTo(3);

        send(ny, of("message.received", "2026-11-02T15:29:00Z").conv("t3"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(http().get("/api/analytics/dashboard", ny.key()).body()).isEqualTo(first.body());
        assertThat(dashboard.metrics(tenantService.get(ny.id()))).isSameAs(dashboard.metrics(tenantService.get(ny.id())));

        clock.advance(Duration.ofSeconds(2));
        JsonNode later = http().get("/api/analytics/dashboard", ny.key()).json();
        assertThat(later.get("today").get("messagesReceived").asLong()).isEqualTo(4);
        assertThat(later.get("span").get("asOf").asString()).isEqualTo("2026-11-02T15:31:01Z");
    }
}
