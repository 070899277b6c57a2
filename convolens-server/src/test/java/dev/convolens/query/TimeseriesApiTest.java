package dev.convolens.query;

import static dev.convolens.query.Events.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convolens.rollup.DailyConversationMetrics;
import dev.convolens.rollup.DailyLivechat;
import dev.convolens.rollup.DailyMessageCounts;
import dev.convolens.rollup.HourlyMessageCounts;
import dev.convolens.rollup.HourlyResponseTimes;
import dev.convolens.rollup.WeeklySatisfactionTrends;
import dev.convolens.support.Http;
import dev.convolens.support.TestTenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The catalog and the time-series route on hand-built events, for a UTC tenant and an America/New_York tenant
 * (2026-11-01 there has 25 hours: EDT until 06:00Z, EST after). Every number is computed by hand in the test.
 */
class TimeseriesApiTest extends AnalyticsServerTest {

    static final String SERIES = "/api/analytics/timeseries?metric=";

    /** Six inbound messages around the New York day boundaries of the DST change. */
    List<Events> messagesAroundTheDstChange() {
        return List.of(
                of("message.received", "2026-10-31T12:00:00Z").conv("m1"),
                of("message.received", "2026-11-01T03:59:00Z").conv("m2"), // NY: Oct 31 23:59 EDT
                of("message.received", "2026-11-01T04:00:00Z").conv("m3"), // NY: Nov 1 00:00 EDT
                of("message.received", "2026-11-02T04:30:00Z").conv("m4"), // NY: Nov 1 23:30 EST
                of("message.received", "2026-11-02T05:00:00Z").conv("m5"), // NY: Nov 2 00:00 EST
                of("message.received", "2026-11-04T10:00:00Z").conv("m6"));
    }

    @Test
    void dailyPointsFollowEachTenantsCalendarThroughTheTwentyFiveHourDayAndFillGapsWithZero() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, messagesAroundTheDstChange());
        send(ny, messagesAroundTheDstChange());
        String path = SERIES + "messages.inbound&granularity=day&from=2026-10-31&to=2026-11-04";

        JsonNode u = get(utc, path);
        JsonNode n = get(ny, path);

        assertThat(u.get("timezone").asString()).isEqualTo("UTC");
        assertThat(u.get("from").asString()).isEqualTo("2026-10-31T00:00:00Z");
        assertThat(u.get("to").asString()).isEqualTo("2026-11-05T00:00:00Z");
        assertThat(periods(u.get("series").get(0))).containsExactly("2026-10-31", "2026-11-01", "2026-11-02",
                "2026-11-03", "2026-11-04");
        assertThat(values(u.get("series").get(0))).containsExactly(1.0, 2.0, 2.0, 0.0, 1.0);
        assertThat(u.get("series").get(0).get("key").asString()).isEqualTo("all");
        assertThat(u.get("series").get(0).get("total").asLong()).isEqualTo(6);

        assertThat(n.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(n.get("from").asString()).isEqualTo("2026-10-31T04:00:00Z");
        assertThat(n.get("to").asString()).isEqualTo("2026-11-05T05:00:00Z");
        assertThat(values(n.get("series").get(0))).containsExactly(2.0, 2.0, 1.0, 0.0, 1.0);
        assertThat(n.get("sources").toString()).isEqualTo("[\"events\"]");
    }

    @Test
    void closedHoursComeFromTheHourlyRollupAndTheRestFromRawEventsWithTheSameNumbers() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(utc, messagesAroundTheDstChange());
        send(ny, messagesAroundTheDstChange());
        // the job has rolled up every hour up to m5's (05:00Z on Nov 2); m6 is not rolled up yet
        rollUp(utc, HourlyMessageCounts.TABLE, "2026-10-31T00:00:00Z", "2026-11-02T06:00:00Z");
        rollUp(ny, HourlyMessageCounts.TABLE, "2026-10-31T00:00:00Z", "2026-11-02T06:00:00Z");
        String path = SERIES + "messages.inbound&granularity=day&from=2026-10-31&to=2026-11-04";

        JsonNode u = get(utc, path);
        JsonNode n = get(ny, path);

        assertThat(values(u.get("series").get(0))).containsExactly(1.0, 2.0, 2.0, 0.0, 1.0);
        assertThat(values(n.get("series").get(0))).containsExactly(2.0, 2.0, 1.0, 0.0, 1.0);
        assertThat(n.get("sources").toString()).isEqualTo("[\"hourly_message_counts\",\"events\"]");

        // a late event in an hour already rolled up shows at once: until its job has run, that hour onwards is read raw
        send(ny, of("message.received", "2026-11-01T12:00:00Z").conv("late"));
        assertThat(values(get(ny, path).get("series").get(0))).containsExactly(2.0, 3.0, 1.0, 0.0, 1.0);
        rollUp(ny, HourlyMessageCounts.TABLE, "2026-11-01T12:00:00Z", "2026-11-01T13:00:00Z");
        assertThat(values(get(ny, path).get("series").get(0))).containsExactly(2.0, 3.0, 1.0, 0.0, 1.0);
        assertThat(get(ny, path).get("sources").toString()).isEqualTo("[\"hourly_message_counts\",\"events\"]");
    }

    @Test
    void aTenantWhoseMidnightIsNotAUtcHourReadsItsClosedDaysFromTheDailyRollup() {
        TestTenant kolkata = newTenant("Asia/Kolkata", "ingest", "read"); // UTC+5:30: days start at 18:30Z
        send(kolkata, messagesAroundTheDstChange());
        rollUp(kolkata, HourlyMessageCounts.TABLE, "2026-10-30T18:00:00Z", "2026-11-02T19:00:00Z");
        rollUp(kolkata, DailyMessageCounts.TABLE, "2026-10-30T18:30:00Z", "2026-11-02T18:30:00Z"); // Oct 31 .. Nov 2

        JsonNode k = get(kolkata, SERIES + "messages.inbound&granularity=day&from=2026-10-31&to=2026-11-04");

        assertThat(k.get("from").asString()).isEqualTo("2026-10-30T18:30:00Z");
        // m1 Oct 31 17:30; m2, m3 Nov 1 09:29 and 09:30; m4, m5 Nov 2 10:00 and 10:30; m6 Nov 4 15:30 (local)
        assertThat(values(k.get("series").get(0))).containsExactly(1.0, 2.0, 2.0, 0.0, 1.0);
        // Nov 3 and 4 are not rolled up: raw events; hourly rows cannot make a day that starts at :30
        assertThat(k.get("sources").toString()).isEqualTo("[\"daily_message_counts\",\"events\"]");
    }

    @Test
    void hourlyPointsAreUtcHoursLabelledByTheirStartAcrossTheDstChange() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, of("message.sent", "2026-11-01T04:15:00Z").conv("h"), // before from
                of("message.sent", "2026-11-01T04:45:00Z").conv("h"),
                of("message.sent", "2026-11-01T05:10:00Z").conv("h"),
                of("message.sent", "2026-11-01T05:50:00Z").conv("h"),
                of("message.sent", "2026-11-01T07:59:59Z").conv("h"));
        rollUp(ny, HourlyMessageCounts.TABLE, "2026-11-01T04:00:00Z", "2026-11-01T06:00:00Z");

        JsonNode r = get(ny, SERIES + "messages.outbound&granularity=hour&from=2026-11-01T04:30:00Z"
                + "&to=2026-11-01T08:00:00Z");

        JsonNode all = r.get("series").get(0);
        assertThat(periods(all)).containsExactly("2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z",
                "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z");
        assertThat(values(all)).containsExactly(1.0, 2.0, 0.0, 1.0);
        assertThat(r.get("sources").toString()).isEqualTo("[\"hourly_message_counts\",\"events\"]");
        Http.Response csv = http().get(SERIES + "messages.outbound&granularity=hour&from=2026-11-01T04:30:00Z"
                + "&to=2026-11-01T08:00:00Z&format=csv", ny.key());
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).containsExactly("key,period,value", "all,2026-11-01T04:00:00Z,1",
                "all,2026-11-01T05:00:00Z,2", "all,2026-11-01T06:00:00Z,0", "all,2026-11-01T07:00:00Z,1");
    }

    /** Response times in the New York week of Mon Oct 26 - Sun Nov 1 (the 25-hour day) and the next one. */
    List<Events> responseTimes() {
        return List.of(
                of("response.time_recorded", "2026-10-27T15:00:00Z").conv("r1").channel("whatsapp").ms(100),
                of("response.time_recorded", "2026-10-27T16:00:00Z").conv("r2").channel("webchat").ms(200),
                of("response.time_recorded", "2026-10-28T15:00:00Z").conv("r3").channel("whatsapp").ms(300),
                of("response.time_recorded", "2026-11-02T04:30:00Z").conv("r4").channel("whatsapp").ms(1000),
                of("response.time_recorded", "2026-11-02T05:30:00Z").conv("r5").channel("webchat").ms(50));
    }

    @Test
    void weeklyPercentilesAreExactOverTheWeeksSamplesNotAveragesOfDailyOnes() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, responseTimes());
        rollUp(ny, HourlyResponseTimes.TABLE, "2026-10-27T00:00:00Z", "2026-11-02T06:00:00Z");
        String range = "&granularity=week&from=2026-10-26&to=2026-11-08";

        JsonNode p50 = get(ny, SERIES + "response_time.p50" + range);
        JsonNode p95 = get(ny, SERIES + "response_time.p95" + range);
        JsonNode avg = get(ny, SERIES + "response_time.avg" + range);

        // week 1 holds 100, 200, 300 and 1000 (Sunday Nov 1, 23:30 EST); its daily p50s would be 150, 300, 1000
        assertThat(periods(p50.get("series").get(0))).containsExactly("2026-10-26", "2026-11-02");
        assertThat(values(p50.get("series").get(0))).containsExactly(250.0, 50.0);
        assertThat(p50.get("sources").toString()).isEqualTo("[\"events\"]");
        assertThat(values(p95.get("series").get(0)).get(0)).isCloseTo(895.0, within(1e-6)); // 300 + 0.85 * 700
        assertThat(p95.get("series").get(0).get("total").asDouble()).isCloseTo(860.0, within(1e-6)); // of 5 samples
        assertThat(values(avg.get("series").get(0))).containsExactly(400.0, 50.0);
        assertThat(avg.get("sources").toString()).isEqualTo("[\"hourly_response_times\",\"events\"]");
    }

    @Test
    void percentilesAtTheRollupsOwnGranularityAreReadFromIt() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        send(utc, responseTimes());
        rollUp(utc, HourlyResponseTimes.TABLE, "2026-10-27T00:00:00Z", "2026-11-02T06:00:00Z");

        JsonNode r = get(utc, SERIES + "response_time.p99&granularity=hour&from=2026-10-27T15:00:00Z"
                + "&to=2026-10-27T17:00:00Z");

        assertThat(values(r.get("series").get(0))).containsExactly(100.0, 200.0);
        assertThat(r.get("sources").toString()).isEqualTo("[\"hourly_response_times\"]");
    }

    @Test
    void percentileSeriesGroupedByChannelAreExactPerChannel() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, responseTimes());

        JsonNode r = get(ny, SERIES + "response_time.p95&granularity=week&from=2026-10-26&to=2026-11-08&groupBy=channel");

        JsonNode series = r.get("series");
        assertThat(series.findValuesAsString("key")).containsExactly("whatsapp", "webchat");
        // whatsapp week 1: 100, 300, 1000 -> 300 + 0.9 * 700
        assertThat(values(series.get(0)).get(0)).isCloseTo(930.0, within(1e-6));
        assertThat(values(series.get(0)).get(1)).isNull();
        assertThat(values(series.get(1))).containsExactly(200.0, 50.0);
        JsonNode whatsapp = get(ny, SERIES + "response_time.p95&granularity=week&from=2026-10-26&to=2026-11-08"
                + "&channel=whatsapp").get("series").get(0);
        assertThat(values(whatsapp).get(0)).isCloseTo(930.0, within(1e-6));
    }

    @Test
    void groupByShowsTheTopTenByTotalAndFoldsTheRestIntoOther() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        List<Events> events = new ArrayList<>();
        for (int bot = 1; bot <= 12; bot++) {
            for (int k = 0; k < 13 - bot; k++) {
                events.add(of("conversation.started", "2026-11-20T10:%02d:00Z".formatted(k)).conv("b" + bot + "-" + k)
                        .bot("b%02d".formatted(bot)));
            }
        }
        events.add(of("conversation.started", "2026-11-21T10:00:00Z").conv("nobot"));
        send(utc, events);
        rollUp(utc, DailyConversationMetrics.TABLE, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
        String path = SERIES + "conversations.started&granularity=day&from=2026-11-20&to=2026-11-21&groupBy=bot";

        JsonNode r = get(utc, path);

        JsonNode series = r.get("series");
        assertThat(series.findValuesAsString("key")).containsExactly("b01", "b02", "b03", "b04", "b05", "b06", "b07",
                "b08", "b09", "b10", "other");
        assertThat(values(series.get(0))).containsExactly(12.0, 0.0);
        assertThat(values(series.get(9))).containsExactly(3.0, 0.0);
        // b11 (2), b12 (1) and the conversation without a bot (none, 1)
        assertThat(values(series.get(10))).containsExactly(3.0, 1.0);
        assertThat(series.get(10).get("folded").asInt()).isEqualTo(3);
        assertThat(series.get(10).get("total").asLong()).isEqualTo(4);
        assertThat(r.get("sources").toString()).isEqualTo("[\"daily_conversation_metrics\",\"conversations\"]");
        List<String> csv = http().get(path + "&format=csv", utc.key()).body().lines().toList();
        assertThat(csv).hasSize(1 + 11 * 2).contains("b01,2026-11-20,12", "other,2026-11-21,1");
        JsonNode filtered = get(utc, SERIES + "conversations.started&granularity=day&from=2026-11-20&to=2026-11-21"
                + "&botId=b03");
        assertThat(values(filtered.get("series").get(0))).containsExactly(10.0, 0.0);
    }

    @Test
    void comparePreviousGivesEachSeriesThePreviousEqualPeriodAndThePercentChange() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        List<Events> events = List.of(
                of("message.received", "2026-11-01T10:00:00Z").conv("p"),
                of("message.received", "2026-11-02T04:30:00Z").conv("p"), // NY: Nov 1
                of("message.received", "2026-11-03T10:00:00Z").conv("c"),
                of("message.received", "2026-11-03T11:00:00Z").conv("c"),
                of("message.received", "2026-11-04T10:00:00Z").conv("c"),
                of("satisfaction.rating_received", "2026-11-01T10:00:00Z").conv("p").value(2),
                of("satisfaction.rating_received", "2026-11-02T10:00:00Z").conv("p").value(4),
                of("satisfaction.rating_received", "2026-11-03T10:00:00Z").conv("c").value(4),
                of("satisfaction.rating_received", "2026-11-04T10:00:00Z").conv("c").value(5));
        send(utc, events);
        send(ny, events);

        JsonNode inbound = get(utc, SERIES + "messages.inbound&from=2026-11-03&to=2026-11-04&compare=previous");
        JsonNode csat = get(utc, SERIES + "csat.avg&from=2026-11-03&to=2026-11-04&compare=previous");
        JsonNode outbound = get(utc, SERIES + "messages.outbound&from=2026-11-03&to=2026-11-04&compare=previous");

        assertThat(inbound.get("previous").get("from").asString()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(inbound.get("previous").get("to").asString()).isEqualTo("2026-11-03T00:00:00Z");
        JsonNode all = inbound.get("series").get(0);
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("previousTotal").asLong()).isEqualTo(2);
        assertThat(all.get("change").asDouble()).isEqualTo(50.0);
        assertThat(csat.get("series").get(0).get("total").asDouble()).isEqualTo(4.5);
        assertThat(csat.get("series").get(0).get("previousTotal").asDouble()).isEqualTo(3.0);
        assertThat(csat.get("series").get(0).get("change").asDouble()).isEqualTo(50.0);
        assertThat(outbound.get("series").get(0).get("previousTotal").asLong()).isZero();
        assertThat(outbound.get("series").get(0).get("change").isNull()).isTrue();

        // New York: Nov 2 (24 hours) against Nov 1 (25 hours), a calendar day each
        JsonNode day = get(ny, SERIES + "messages.inbound&from=2026-11-02&to=2026-11-02&compare=previous");
        assertThat(day.get("previous").get("from").asString()).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(day.get("previous").get("to").asString()).isEqualTo("2026-11-02T05:00:00Z");
        assertThat(day.get("series").get(0).get("total").asLong()).isZero();
        assertThat(day.get("series").get(0).get("previousTotal").asLong()).isEqualTo(2);
        assertThat(day.get("series").get(0).get("change").asDouble()).isEqualTo(-100.0);
    }

    @Test
    void satisfactionAndLiveChatMetricsReadTheirOwnRollups() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, of("satisfaction.rating_received", "2026-10-27T15:00:00Z").conv("s1").channel("whatsapp").value(5),
                of("satisfaction.rating_received", "2026-11-02T04:30:00Z").conv("s2").channel("webchat").value(3),
                of("satisfaction.rating_received", "2026-11-02T04:40:00Z").conv("s3").channel("webchat")
                        .value(9).meta("\"scale\":\"nps\""),
                of("satisfaction.rating_received", "2026-11-02T04:50:00Z").conv("s4").value(2)
                        .meta("\"scale\":\"nps\""),
                of("livechat.requested", "2026-11-01T10:00:00Z").conv("l1"),
                of("livechat.accepted", "2026-11-01T10:01:00Z").conv("l1").staff("a1"),
                of("livechat.requested", "2026-11-01T11:00:00Z").conv("l2"),
                of("livechat.accepted", "2026-11-01T11:03:00Z").conv("l2").staff("a2"),
                of("livechat.requested", "2026-11-02T04:30:00Z").conv("l3"),
                of("livechat.missed", "2026-11-02T04:32:00Z").conv("l3"));
        rollUp(ny, WeeklySatisfactionTrends.TABLE, "2026-10-26T04:00:00Z", "2026-11-02T05:00:00Z");
        rollUp(ny, DailyLivechat.TABLE, "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z");

        JsonNode score = get(ny, SERIES + "csat.score&granularity=week&from=2026-10-26&to=2026-11-01");
        JsonNode nps = get(ny, SERIES + "nps&granularity=week&from=2026-10-26&to=2026-11-01");
        JsonNode waits = get(ny, SERIES + "livechat.wait.p50&from=2026-11-01&to=2026-11-01");
        JsonNode requests = get(ny, SERIES + "livechat.requests&from=2026-11-01&to=2026-11-01&groupBy=agent");

        assertThat(values(score.get("series").get(0))).containsExactly(50.0);
        assertThat(score.get("sources").toString()).isEqualTo("[\"weekly_satisfaction_trends\"]");
        assertThat(values(nps.get("series").get(0))).containsExactly(0.0); // one promoter, one detractor
        assertThat(values(waits.get("series").get(0))).containsExactly(120_000.0); // 60 s and 180 s
        assertThat(waits.get("sources").toString()).isEqualTo("[\"daily_livechat\"]");
        assertThat(requests.get("series").findValuesAsString("key")).containsExactly("a1", "a2", "none");
        assertThat(requests.get("series").findValues("total").stream().map(JsonNode::asLong).toList())
                .containsExactly(1L, 1L, 1L);
    }

    @Test
    void theCatalogListsEveryMetricOfTheSpecWithUnitGranularitiesAndDimensions() {
        TestTenant t = newTenant("UTC", "read");

        JsonNode catalog = get(t, "/api/analytics/metrics");

        List<String> names = catalog.findValuesAsString("name");
        assertThat(names).contains("messages.inbound", "messages.outbound", "conversations.started",
                "conversations.resolved", "conversations.escalated", "conversations.ai_handled", "first_response.avg",
                "first_response.p50", "first_response.p95", "agent_first_response.avg", "agent_first_response.p50",
                "agent_first_response.p95", "resolution.avg", "resolution.p50", "resolution.p95", "response_time.avg",
                "response_time.p50", "response_time.p95", "response_time.p99", "csat.score", "csat.avg", "nps",
                "livechat.requests", "livechat.missed", "livechat.wait.avg", "livechat.wait.p50", "livechat.wait.p95",
                "tasks.created", "tasks.completed", "llm.calls", "llm.tokens", "llm.cost", "llm.latency.p95",
                "llm.latency.p50", "llm.error_rate", "http.calls", "http.latency.p95", "http.error_rate",
                "kb.hit_rate", "tags.added", "tags.removed");
        JsonNode inbound = catalog.get(names.indexOf("messages.inbound"));
        assertThat(inbound.get("unit").asString()).isEqualTo("count");
        assertThat(inbound.get("granularities").toString()).isEqualTo("[\"hour\",\"day\",\"week\",\"month\"]");
        assertThat(inbound.get("dimensions").toString()).isEqualTo("[\"channel\",\"bot\"]");
        assertThat(inbound.get("rollups").toString()).contains("hourly_message_counts");
        assertThat(catalog.get(names.indexOf("livechat.wait.p95")).get("dimensions").toString()).contains("agent", "group");
        Http.Response csv = http().get("/api/analytics/metrics?format=csv", t.key());
        assertThat(csv.body().lines().toList()).hasSize(names.size() + 1).first().asString()
                .startsWith("name,unit,kind,description");
    }

    @Test
    void usageMetricsComeFromEventMetadata() {
        TestTenant utc = newTenant("UTC", "ingest", "read");
        send(utc, of("llm.call", "2026-11-20T10:00:00Z").conv("u").ms(400).meta("\"tokens\":100,\"costUsd\":0.25"),
                of("llm.call", "2026-11-20T11:00:00Z").conv("u").ms(800).meta("\"tokens\":300,\"costUsd\":0.5,\"hasError\":true"),
                of("http.call", "2026-11-20T10:00:00Z").conv("u").ms(100).meta("\"status\":200"),
                of("http.call", "2026-11-20T10:01:00Z").conv("u").ms(300).meta("\"status\":500,\"hasError\":true"),
                of("semantic_search.query", "2026-11-20T10:02:00Z").conv("u").meta("\"resultCount\":3"),
                of("semantic_search.query", "2026-11-20T10:03:00Z").conv("u").meta("\"resultCount\":0"),
                of("tag.changed", "2026-11-20T10:04:00Z").conv("u").meta("\"added\":[\"vip\",\"billing\"],\"removed\":[]"),
                of("tag.changed", "2026-11-20T10:05:00Z").conv("u").meta("\"added\":[\"late\"],\"removed\":[\"vip\"]"));
        String day = "&from=2026-11-20&to=2026-11-20";

        assertThat(total(utc, "llm.calls" + day)).isEqualTo(2.0);
        assertThat(total(utc, "llm.tokens" + day)).isEqualTo(400.0);
        assertThat(total(utc, "llm.cost" + day)).isEqualTo(0.75);
        assertThat(total(utc, "llm.latency.p50" + day)).isEqualTo(600.0);
        assertThat(total(utc, "llm.latency.p95" + day)).isCloseTo(780.0, within(1e-6));
        assertThat(total(utc, "llm.error_rate" + day)).isEqualTo(0.5);
        assertThat(total(utc, "http.calls" + day)).isEqualTo(2.0);
        assertThat(total(utc, "http.latency.p95" + day)).isCloseTo(290.0, within(1e-6));
        assertThat(total(utc, "http.error_rate" + day)).isEqualTo(0.5);
        assertThat(total(utc, "kb.hit_rate" + day)).isEqualTo(0.5);
        assertThat(total(utc, "tags.added" + day)).isEqualTo(3.0);
        assertThat(total(utc, "tags.removed" + day)).isEqualTo(1.0);
    }

    @Test
    void theOpenApiDocumentDescribesTheAnalyticsRoutesAndEachOfTheirParameters() {
        JsonNode paths = http().get("/api/docs", null).json().get("paths");

        for (String route : List.of("/api/analytics/timeseries", "/api/analytics/metrics", "/api/analytics/dashboard",
                "/api/analytics/response-times", "/api/analytics/message-volume",
                "/api/analytics/bot/{botId}/performance", "/api/analytics/bot/{botId}/percentiles")) {
            JsonNode get = paths.get(route).get("get");
            assertThat(get.get("summary").asString()).as(route).isNotBlank();
            for (JsonNode parameter : get.get("parameters")) {
                assertThat(parameter.path("description").asString("")).as(route + " " + parameter.get("name")).isNotBlank();
            }
        }
        assertThat(paths.get("/api/analytics/timeseries").get("get").get("parameters").findValuesAsString("name"))
                .containsExactly("tenantId", "metric", "granularity", "from", "to", "groupBy", "channel", "botId",
                        "compare", "format");
    }

    double total(TestTenant t, String metricAndRange) {
        return get(t, SERIES + metricAndRange).get("series").get(0).get("total").asDouble();
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        TestTenant t = newTenant("UTC", "read");

        Http.Response unknown = http().get(SERIES + "messages.everything", t.key());
        assertStatus(unknown, 400);
        assertThat(unknown.json().get("error").asString()).isEqualTo("invalid metric");
        assertThat(unknown.json().get("detail").asString()).contains("messages.inbound", "response_time.p99", "tags.removed");
        assertThat(error(t, "/api/analytics/timeseries")).isEqualTo("invalid metric");
        assertThat(error(t, SERIES + "messages.inbound%27%3B%20DROP%20TABLE%20events")).isEqualTo("invalid metric");
        assertThat(error(t, SERIES + "messages.inbound&granularity=minute")).isEqualTo("invalid granularity");
        assertThat(error(t, SERIES + "messages.inbound&groupBy=intent")).isEqualTo("invalid groupBy");
        assertThat(error(t, SERIES + "messages.inbound&groupBy=planet")).isEqualTo("invalid groupBy");
        assertThat(error(t, SERIES + "livechat.requests&botId=b1&groupBy=channel&channel=fax")).isEqualTo("invalid channel");
        assertThat(error(t, SERIES + "messages.inbound&from=yesterday")).isEqualTo("invalid from");
        assertThat(error(t, SERIES + "messages.inbound&from=2026-11-05&to=2026-11-01")).isEqualTo("invalid from");
        assertThat(error(t, SERIES + "messages.inbound&granularity=hour&from=2026-01-01&to=2026-11-01"))
                .isEqualTo("invalid granularity");
        assertThat(error(t, SERIES + "messages.inbound&compare=next")).isEqualTo("invalid compare");
        assertThat(error(t, SERIES + "messages.inbound&format=xml")).isEqualTo("invalid format");
        assertThat(error(t, "/api/analytics/response-times?period=1y")).isEqualTo("invalid period");
        assertThat(error(t, "/api/analytics/message-volume?channel=fax")).isEqualTo("invalid channel");
        TestTenant other = newTenant("UTC", "read");
        for (String path : Arrays.asList("/api/analytics/metrics", SERIES + "messages.inbound",
                "/api/analytics/response-times", "/api/analytics/message-volume", "/api/analytics/dashboard")) {
            assertStatus(http().get(path + (path.contains("?") ? "&" : "?") + "tenantId=" + t.id(), other.key()), 403);
        }
    }

    String error(TestTenant t, String path) {
        Http.Response r = http().get(path, t.key());
        assertStatus(r, 400);
        return r.json().get("error").asString();
    }
}
