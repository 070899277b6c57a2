package dev.convolens.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class LiveChatApiTest extends ServerTest {
    @Autowired
    FactsUpdater facts;

    TestTenant t;
    LocalDate day;

    Instant at(int dayOffset, String time) {
        return day.plusDays(dayOffset).atTime(java.time.LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }

    String e(String type, String request, Instant ts, String extra) {
        return "{\"type\":\"" + type + "\",\"conversationId\":\"conv-" + request + "\",\"timestamp\":\"" + ts
                + "\",\"metadata\":{\"requestId\":\"" + request + "\"" + extra + "}}";
    }

    String staff(String type, String request, Instant ts, String agent, String group, String extra) {
        return "{\"type\":\"" + type + "\",\"conversationId\":\"conv-" + request + "\",\"staffId\":\"" + agent
                + "\",\"groupId\":\"" + group + "\",\"timestamp\":\"" + ts + "\",\"metadata\":{\"requestId\":\""
                + request + "\"" + extra + "}}";
    }

    @BeforeEach
    void chats() {
        t = newTenant("UTC", "ingest", "read");
        day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        List<String> events = new ArrayList<>(List.of(
                e("livechat.requested", "r1", at(0, "10:00:00"), ""),
                staff("livechat.accepted", "r1", at(0, "10:00:30"), "a1", "g1", ""),
                staff("livechat.message", "r1", at(0, "10:01:00"), "a1", "g1", ",\"sender\":\"agent\""),
                e("livechat.ended", "r1", at(0, "10:10:30"), ""),
                e("livechat.requested", "r2", at(0, "11:00:00"), ""),
                staff("livechat.accepted", "r2", at(0, "11:01:30"), "a1", "g1", ""),
                e("livechat.requested", "r3", at(0, "12:00:00"), ""),
                e("livechat.missed", "r3", at(0, "12:02:00"), ""),
                e("livechat.requested", "r4", at(-1, "23:59:00"), ""),
                staff("livechat.accepted", "r4", at(0, "00:00:30"), "a2", "g2", ""),
                e("livechat.requested", "r5", at(0, "23:59:30"), ""),
                staff("livechat.accepted", "r5", at(1, "00:00:10"), "a2", "g2", "")));
        Http.Response r = http().post("/api/events", t.key(), "[" + String.join(",", events) + "]");
        assertThat(r.json().get("accepted").asInt()).isEqualTo(events.size());
        facts.flush();
    }

    @Test
    void eachMeasureCountsOnTheDayItCompleted() {
        JsonNode totals = http().get("/api/analytics/livechat?from=" + day + "&to=" + day, t.key()).json().get("totals");

        assertThat(totals.get("requests").asLong()).isEqualTo(4);
        assertThat(totals.get("accepted").asLong()).isEqualTo(3);
        assertThat(totals.get("missed").asLong()).isEqualTo(1);
        assertThat(totals.get("missedRate").asDouble()).isEqualTo(0.25);
        assertThat(totals.get("waitAvgMs").asLong()).isEqualTo(70_000);
        assertThat(totals.get("waitP50Ms").asLong()).isEqualTo(90_000);
        assertThat(totals.get("waitP95Ms").asLong()).isEqualTo(90_000);
        assertThat(totals.get("durationAvgMs").asLong()).isEqualTo(600_000);
        assertThat(totals.get("agentFirstResponseAvgMs").asLong()).isEqualTo(30_000);
    }

    @Test
    void perAgentRowsSplitTheSameNumbers() {
        JsonNode rows = http().get("/api/analytics/livechat?from=" + day + "&to=" + day + "&groupBy=agent", t.key())
                .json().get("rows");

        assertThat(rows.findValuesAsString("key")).containsExactly("a1", "a2", "unassigned");
        JsonNode a1 = rows.get(0);
        assertThat(a1.get("requests").asLong()).isEqualTo(2);
        assertThat(a1.get("waitAvgMs").asLong()).isEqualTo(60_000);
        assertThat(a1.get("waitP50Ms").asLong()).isEqualTo(60_000);
        assertThat(a1.get("waitP95Ms").asLong()).isEqualTo(87_000);
        JsonNode a2 = rows.get(1);
        assertThat(a2.get("requests").asLong()).isEqualTo(1);
        assertThat(a2.get("accepted").asLong()).isEqualTo(1);
        assertThat(rows.get(2).get("missed").asLong()).isEqualTo(1);
        JsonNode groups = http().get("/api/analytics/livechat?from=" + day + "&to=" + day + "&groupBy=group", t.key())
                .json().get("rows");
        assertThat(groups.findValuesAsString("key")).contains("g1", "g2", "none");
    }

    @Test
    void badParametersAreNamedAndOtherTenantsRefused() {
        assertThat(http().get("/api/analytics/livechat?groupBy=planet", t.key()).json().get("error").asString())
                .isEqualTo("invalid groupBy");
        assertThat(http().get("/api/analytics/livechat?from=last-week", t.key()).json().get("error").asString())
                .isEqualTo("invalid from");
        assertStatus(http().get("/api/analytics/livechat?from=" + day + "&to=" + day.minusDays(2), t.key()), 400);
        TestTenant other = newTenant("UTC", "read");
        assertStatus(http().get("/api/analytics/livechat?tenantId=" + t.id(), other.key()), 403);
        assertThat(http().get("/api/analytics/livechat?from=" + day + "&to=" + day, other.key()).json()
                .get("totals").get("requests").asLong()).isZero();
        Http.Response csv = http().get("/api/analytics/livechat?from=" + day + "&to=" + day + "&groupBy=agent&format=csv", t.key());
        assertThat(csv.body().lines().toList()).hasSize(5);
    }
}
