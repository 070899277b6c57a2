package dev.convolens.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.loading.Loading;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RealtimeApiTest extends ServerTest {
    @Autowired
    FactsUpdater facts;
    @Autowired
    Loading loading;

    TestTenant t;
    Instant now;

    String e(String type, String conversation, Duration ago, String extra) {
        return "{\"type\":\"" + type + "\"" + (conversation == null ? "" : ",\"conversationId\":\"" + conversation + "\"")
                + ",\"timestamp\":\"" + now.minus(ago) + "\"" + extra + "}";
    }

    @BeforeEach
    void desk() {
        t = newTenant("UTC", "ingest", "read", "admin");
        // ten minutes before a waiting request counts as missed; the 2-minute wait below is well within
        http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"livechatExpirySeconds\":600}}");
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> events = new ArrayList<>(List.of(
                e("message.received", "c1", Duration.ofMinutes(10), ",\"channel\":\"whatsapp\",\"botId\":\"b1\""),
                e("message.sent", "c1", Duration.ofSeconds(599), ""),
                e("response.time_recorded", "c1", Duration.ofSeconds(599), ",\"durationMs\":1000"),
                e("message.failed", "c1", Duration.ofMinutes(30), ""),
                e("livechat.requested", "c1", Duration.ofMinutes(10), ",\"metadata\":{\"requestId\":\"r2\"}"),
                e("livechat.accepted", "c1", Duration.ofMinutes(9), ",\"staffId\":\"a1\",\"metadata\":{\"requestId\":\"r2\"}"),
                e("message.received", "c2", Duration.ofHours(2), ""),
                e("conversation.resolved", "c2", Duration.ofHours(2), ""),
                e("message.sent", "c2", Duration.ofHours(20), ""),
                e("message.received", "c3", Duration.ofMinutes(40), ""),
                e("message.received", "c4", Duration.ofMinutes(5), ""),
                e("conversation.escalated", "c4", Duration.ofMinutes(4), ""),
                e("response.time_recorded", "c4", Duration.ofMinutes(3), ",\"durationMs\":3000"),
                e("livechat.requested", "c4", Duration.ofMinutes(2), ",\"metadata\":{\"requestId\":\"r1\"}"),
                e("staff.login", null, Duration.ofHours(3), ",\"staffId\":\"a1\""),
                e("staff.login", null, Duration.ofHours(3), ",\"staffId\":\"a2\""),
                e("staff.logout", null, Duration.ofHours(1), ",\"staffId\":\"a2\""),
                e("staff.status_changed", null, Duration.ofMinutes(10), ",\"staffId\":\"a3\",\"metadata\":{\"status\":\"offline\"}"),
                e("staff.status_changed", null, Duration.ofMinutes(10), ",\"staffId\":\"a4\",\"metadata\":{\"status\":\"busy\"}")));
        Http.Response r = http().post("/api/events", t.key(), "[" + String.join(",", events) + "]");
        assertThat(r.json().get("accepted").asInt()).isEqualTo(events.size());
        facts.flush();
    }

    @Test
    void realtimeCountsWhatIsHappeningNow() {
        JsonNode r = http().get("/api/analytics/realtime", t.key()).json();

        assertThat(r.get("activeConversations").asLong()).isEqualTo(2);
        assertThat(r.get("inboundLastHour").asLong()).isEqualTo(3);
        assertThat(r.get("outboundLastHour").asLong()).isEqualTo(1);
        assertThat(r.get("messagesLastHour").asLong()).isEqualTo(4);
        assertThat(r.get("avgResponseTimeMs").asLong()).isEqualTo(2000);
        assertThat(r.get("successRate").asDouble()).isEqualTo(0.5);
        assertThat(r.get("livechatWaiting").asLong()).isEqualTo(1);
        assertThat(r.get("longestWaitMs").asLong()).isBetween(120_000L, 180_000L);
        assertThat(r.get("agentsOnline").asLong()).isEqualTo(2);
    }

    @Test
    void aWaitLongerThanTheTenantsExpiryIsNotAWait() {
        // the edge of a history being loaded: requested 30 days ago, its answer not stored yet
        http().post("/api/events", t.key(), "[" + e("livechat.requested", "c9", Duration.ofDays(30),
                ",\"metadata\":{\"requestId\":\"edge\"}") + "," + e("livechat.requested", "c8", Duration.ofMinutes(11),
                ",\"metadata\":{\"requestId\":\"overdue\"}") + "]");
        facts.flush();

        JsonNode r = http().get("/api/analytics/realtime", t.key()).json();

        // r1 (2 minutes) waits; edge (30 days) and overdue (11 minutes) are past the 10-minute expiry
        assertThat(r.get("livechatWaiting").asLong()).isEqualTo(1);
        assertThat(r.get("longestWaitMs").asLong()).isBetween(120_000L, 180_000L).isLessThanOrEqualTo(600_000L);
    }

    @Test
    void withNothingWaitingWithinTheExpiryThereIsNoLongestWait() {
        TestTenant quiet = newTenant("UTC", "ingest", "read");
        http().post("/api/events", quiet.key(), "[" + e("livechat.requested", "c1", Duration.ofDays(30),
                ",\"metadata\":{\"requestId\":\"edge\"}") + "]");
        facts.flush();

        JsonNode r = http().get("/api/analytics/realtime", quiet.key()).json();

        assertThat(r.get("livechatWaiting").asLong()).isZero();
        assertThat(r.get("longestWaitMs").isNull()).isTrue();
    }

    @Test
    void whatIsBeingLoadedIsTheTenantsOwnWithItsProgress() {
        TestTenant other = newTenant("UTC", "read");
        assertThat(http().get("/api/analytics/realtime", t.key()).json().get("loading")).isEmpty();

        try (Loading.Task history = loading.begin(t.id(), Loading.HISTORY, "days", 30)) {
            history.done(12);
            JsonNode loads = http().get("/api/analytics/realtime", t.key()).json().get("loading");
            assertThat(loads).hasSize(1);
            assertThat(loads.get(0).get("what").asString()).isEqualTo("history");
            assertThat(loads.get(0).get("unit").asString()).isEqualTo("days");
            assertThat(loads.get(0).get("done").asLong()).isEqualTo(12);
            assertThat(loads.get(0).get("total").asLong()).isEqualTo(30);
            assertThat(loads.get(0).get("percent").asInt()).isEqualTo(40);
            assertThat(http().get("/api/analytics/realtime", other.key()).json().get("loading")).isEmpty();
        }

        assertThat(http().get("/api/analytics/realtime", t.key()).json().get("loading")).isEmpty();
    }

    @Test
    void theFeedListsConversationsByLastActivityWithTheirStatus() {
        JsonNode feed = http().get("/api/analytics/conversations?limit=10", t.key()).json();

        assertThat(feed.findValuesAsString("id")).containsExactly("c4", "c1", "c3", "c2");
        assertThat(feed.findValuesAsString("status")).containsExactly("escalated", "active", "active", "resolved");
        assertThat(feed.get(1).get("channel").asString()).isEqualTo("whatsapp");
        assertThat(feed.get(1).get("botId").asString()).isEqualTo("b1");
        assertThat(feed.get(1).get("messageCount").asLong()).isEqualTo(2);
        assertThat(feed.get(1).get("lastActivityAt").asString()).isEqualTo(now.minus(Duration.ofMinutes(9)).toString());
        assertThat(http().get("/api/analytics/conversations?limit=2", t.key()).json()).hasSize(2);
        Http.Response csv = http().get("/api/analytics/conversations?format=csv", t.key());
        assertThat(csv.body().lines().toList()).hasSize(5).first().asString().startsWith("id,channel,botId");
        assertStatus(http().get("/api/analytics/conversations?limit=0", t.key()), 400);
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        TestTenant other = newTenant("UTC", "read");

        assertThat(http().get("/api/analytics/conversations", other.key()).json()).isEmpty();
        assertThat(http().get("/api/analytics/realtime", other.key()).json().get("activeConversations").asLong()).isZero();
        assertStatus(http().get("/api/analytics/realtime?tenantId=" + t.id(), other.key()), 403);
        assertStatus(http().get("/api/analytics/conversations?tenantId=" + t.id(), other.key()), 403);
    }
}
