package dev.convolens.live;

import static dev.convolens.live.LiveClient.conversation;
import static dev.convolens.live.LiveClient.livechat;
import static dev.convolens.live.LiveClient.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code /ws/live} used by a program: authentication, the snapshot, pushes, rooms, throttling and isolation. */
class LiveSocketTest extends ServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The bound from a posted event to the numbers on screen. */
    static final Duration LIVE = Duration.ofSeconds(2);

    @Autowired
    FactsUpdater facts;

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    String event(String type, String conversation, Duration ago, String extra) {
        return "{\"type\":\"" + type + "\",\"conversationId\":\"" + conversation + "\",\"timestamp\":\""
                + now.minus(ago) + "\"" + extra + "}";
    }

    void post(TestTenant t, String... events) {
        Http.Response r = http().post("/api/events", t.key(), "[" + String.join(",", events) + "]");
        assertThat(r.json().get("accepted").asInt()).as(r.body()).isEqualTo(events.length);
    }

    @Test
    void aNewSocketGetsTheRealtimeNumbersAndTheFeedAtOnce() throws Exception {
        TestTenant t = newTenant("Asia/Kolkata", "ingest", "read");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event("message.received", "c" + i, Duration.ofMinutes(40 - i), ",\"channel\":\"webchat\",\"botId\":\"b1\""));
            events.add(event("message.sent", "c" + i, Duration.ofMinutes(40 - i).minusSeconds(3), ""));
            events.add(event("response.time_recorded", "c" + i, Duration.ofMinutes(40 - i).minusSeconds(3), ",\"durationMs\":" + (1000 + i)));
        }
        events.add(event("message.failed", "c3", Duration.ofMinutes(20), ""));
        events.add(event("message.received", "c0", Duration.ofMinutes(90), ""));
        post(t, events.toArray(String[]::new));
        facts.flush();

        try (LiveClient socket = LiveClient.connect(port, "token=" + t.key())) {
            JsonNode hello = socket.awaitType("hello", WAIT);
            JsonNode metrics = socket.awaitType("metrics", WAIT).get("data");
            socket.await("10 feed items", m -> socket.messages().stream().filter(type("conversation")).count() == 10, WAIT);

            assertThat(hello.get("tenantId").asString()).isEqualTo(t.id());
            assertThat(hello.get("timezone").asString()).isEqualTo("Asia/Kolkata");
            assertThat(hello.get("rooms").toString()).isEqualTo("[\"tenant\",\"personal\"]");
            JsonNode api = http().get("/api/analytics/realtime", t.key()).json();
            for (String field : List.of("tenantId", "activeConversations", "inboundLastHour", "outboundLastHour",
                    "messagesLastHour", "avgResponseTimeMs", "successRate", "livechatWaiting", "agentsOnline")) {
                assertThat(metrics.get(field)).as(field).isEqualTo(api.get(field));
            }
            assertThat(metrics.get("inboundLastHour").asLong()).isEqualTo(12);
            assertThat(metrics.get("previous").get("inboundLastHour").asLong()).isEqualTo(1);
            List<String> pushed = new ArrayList<>(socket.messages().stream().filter(type("conversation"))
                    .map(m -> m.get("data").get("id").asString()).toList());
            java.util.Collections.reverse(pushed);
            List<String> feed = http().get("/api/analytics/conversations?limit=10", t.key()).json()
                    .findValuesAsString("id");
            // oldest first, so that a client inserting each at the top ends with the feed's order
            assertThat(pushed).isEqualTo(feed);
            assertThat(socket.messages().stream().filter(type("conversation")).findFirst().orElseThrow()
                    .get("snapshot").asBoolean()).isTrue();
        }
    }

    @Test
    void aPostedEventMovesTheFeedAndTheCountersWithinTwoSeconds() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        post(t, event("message.received", "old", Duration.ofMinutes(5), ""));
        facts.flush();
        try (LiveClient socket = LiveClient.signIn(port, t.key())) {
            long before = socket.awaitType("metrics", WAIT).get("data").get("inboundLastHour").asLong();

            long posted = System.nanoTime();
            post(t, event("message.received", "fresh", Duration.ZERO, ",\"channel\":\"whatsapp\""));
            LiveClient.Received item = socket.await("the new conversation", conversation("fresh"), WAIT);
            LiveClient.Received counters = socket.await("the moved counter", m -> type("metrics").test(m)
                    && m.get("data").get("inboundLastHour").asLong() == before + 1, WAIT);

            assertThat(Duration.ofNanos(item.nanos() - posted)).isLessThan(LIVE);
            assertThat(Duration.ofNanos(counters.nanos() - posted)).isLessThan(LIVE);
            assertThat(item.message().get("snapshot").asBoolean()).isFalse();
            assertThat(item.message().get("data").get("channel").asString()).isEqualTo("whatsapp");
            assertThat(item.message().get("data").get("status").asString()).isEqualTo("active");
        }
    }

    @Test
    void pushesToOneTenantComeAtMostOncePerSecond() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        try (LiveClient socket = LiveClient.signIn(port, t.key())) {
            socket.awaitType("metrics", WAIT);
            for (int i = 0; i < 8; i++) {
                post(t, event("message.received", "burst" + i, Duration.ZERO, ""));
                Thread.sleep(150);
            }
            socket.await("the last of the burst", m -> type("metrics").test(m)
                    && m.get("data").get("inboundLastHour").asLong() == 8, WAIT);

            List<Instant> pushes = socket.messages().stream().filter(type("metrics")).skip(1)
                    .map(m -> Instant.parse(m.get("data").get("asOf").asString())).toList();
            assertThat(pushes).hasSizeLessThan(8);
            for (int i = 1; i < pushes.size(); i++) {
                // asOf is read a little after the throttle's stamp; 1 s apart at the source, at least 0.9 s here
                assertThat(Duration.between(pushes.get(i - 1), pushes.get(i))).isGreaterThan(Duration.ofMillis(900));
            }
        }
    }

    @Test
    void aWrongKeyIsToldWhyAndClosed() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String ingestOnly = dev.convolens.support.TestTenants.key(http(), ADMIN_KEY, t.id(), "ingest");

        try (LiveClient wrong = LiveClient.signIn(port, "cvl_not-a-key")) {
            assertThat(wrong.awaitType("error", WAIT).get("error").asString()).isEqualTo("unauthorized");
            assertThat(wrong.awaitClose(WAIT)).isEqualTo(1008);
        }
        try (LiveClient inUrl = LiveClient.connect(port, "token=cvl_not-a-key")) {
            assertThat(inUrl.awaitType("error", WAIT).get("error").asString()).isEqualTo("unauthorized");
            assertThat(inUrl.awaitClose(WAIT)).isEqualTo(1008);
        }
        try (LiveClient noRead = LiveClient.signIn(port, ingestOnly)) {
            assertThat(noRead.awaitType("error", WAIT).get("error").asString()).isEqualTo("forbidden");
            assertThat(noRead.awaitClose(WAIT)).isEqualTo(1008);
        }
        try (LiveClient early = LiveClient.connect(port, null)) {
            early.send("{\"type\":\"join\",\"groups\":[\"g1\"]}");
            assertThat(early.awaitType("error", WAIT).get("error").asString()).isEqualTo("unauthorized");
            assertThat(early.awaitClose(WAIT)).isEqualTo(1008);
        }
        TestTenant other = newTenant("UTC", "read");
        try (LiveClient naming = LiveClient.connect(port, "token=" + other.key() + "&tenantId=" + t.id())) {
            assertThat(naming.awaitType("error", WAIT).get("error").asString()).isEqualTo("forbidden");
            assertThat(naming.awaitClose(WAIT)).isEqualTo(1008);
            assertThat(naming.messages().toString()).doesNotContain("\"hello\"");
        }
        try (LiveClient admin = LiveClient.connect(port, "token=" + ADMIN_KEY + "&tenantId=" + t.id())) {
            assertThat(admin.awaitType("hello", WAIT).get("tenantId").asString()).isEqualTo(t.id());
        }
    }

    @Test
    void aSocketNeverSeesAnotherTenantsPushes() throws Exception {
        TestTenant a = newTenant("UTC", "ingest", "read"), b = newTenant("UTC", "ingest", "read");
        try (LiveClient socketA = LiveClient.signIn(port, a.key()); LiveClient socketB = LiveClient.signIn(port, b.key())) {
            socketA.awaitType("metrics", WAIT);
            socketB.awaitType("metrics", WAIT);

            post(b, event("message.received", "b-secret", Duration.ZERO, ""),
                    event("livechat.requested", "b-secret", Duration.ZERO, ",\"metadata\":{\"requestId\":\"b-req\"}"));
            socketB.await("B's conversation", conversation("b-secret"), WAIT);
            socketB.await("B's live chat", livechat("requested", "b-req"), WAIT);
            post(a, event("message.received", "a-own", Duration.ZERO, ""));
            socketA.await("A's conversation", conversation("a-own"), WAIT);

            for (JsonNode m : socketA.messages()) {
                assertThat(m.toString()).doesNotContain("b-secret", "b-req", b.id());
            }
        }
    }

    @Test
    void liveChatEventsReachTheRoomsTheyAreFor() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        try (LiveClient manager = LiveClient.signIn(port, t.key());
                LiveClient agent = LiveClient.connect(port, "token=" + t.key() + "&groups=g1&staffId=a1&livechat=rooms");
                LiveClient otherTeam = LiveClient.connect(port, "token=" + t.key() + "&groups=g2&livechat=rooms")) {
            assertThat(agent.awaitType("hello", WAIT).get("rooms").toString())
                    .isEqualTo("[\"tenant\",\"personal\",\"group:g1\"]");
            manager.awaitType("metrics", WAIT);
            agent.awaitType("metrics", WAIT);
            otherTeam.awaitType("metrics", WAIT);

            post(t, event("livechat.requested", "c1", Duration.ZERO, ",\"groupId\":\"g1\",\"metadata\":{\"requestId\":\"r1\"}"));
            assertThat(manager.await("r1 requested", livechat("requested", "r1"), WAIT).message().get("room").asString())
                    .isEqualTo("tenant");
            JsonNode requested = agent.await("r1 requested", livechat("requested", "r1"), WAIT).message();
            assertThat(requested.get("room").asString()).isEqualTo("group:g1");
            assertThat(requested.get("data").get("groupId").asString()).isEqualTo("g1");

            post(t, event("livechat.accepted", "c1", Duration.ZERO.minusSeconds(0), ",\"groupId\":\"g1\",\"staffId\":\"a1\","
                    + "\"metadata\":{\"requestId\":\"r1\"}"));
            assertThat(agent.await("r1 accepted", livechat("accepted", "r1"), WAIT).message().get("room").asString())
                    .isEqualTo("personal");
            assertThat(manager.await("r1 accepted", livechat("accepted", "r1"), WAIT).message().get("data")
                    .get("staffId").asString()).isEqualTo("a1");

            post(t, event("livechat.requested", "c2", Duration.ZERO, ",\"groupId\":\"g2\",\"metadata\":{\"requestId\":\"r2\"}"),
                    event("livechat.missed", "c2", Duration.ZERO, ",\"groupId\":\"g2\",\"metadata\":{\"requestId\":\"r2\"}"));
            assertThat(otherTeam.await("r2 missed", livechat("missed", "r2"), WAIT).message().get("room").asString())
                    .isEqualTo("group:g2");
            manager.await("r2 missed", livechat("missed", "r2"), WAIT);
            // pushes of one tenant go out in order: by now the other team would have had r1 and the agent r2
            assertThat(otherTeam.messages().toString()).doesNotContain("\"r1\"");
            assertThat(agent.messages().toString()).doesNotContain("\"r2\"");

            agent.send("{\"type\":\"join\",\"groups\":[\"g2\"]}");
            assertThat(agent.awaitType("rooms", WAIT).get("rooms").toString())
                    .isEqualTo("[\"tenant\",\"personal\",\"group:g1\",\"group:g2\"]");
        }
    }
    @Test
    void anAcceptedChatThatEndsIsPushedAsEndedAndStaysInTheSnapshot() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        try (LiveClient manager = LiveClient.signIn(port, t.key())) {
            manager.awaitType("metrics", WAIT);
            post(t, event("livechat.requested", "c1", Duration.ofMinutes(6), ",\"metadata\":{\"requestId\":\"r1\"}"),
                    event("livechat.accepted", "c1", Duration.ofSeconds(330), ",\"staffId\":\"a1\",\"metadata\":{\"requestId\":\"r1\"}"));
            manager.await("r1 accepted", livechat("accepted", "r1"), WAIT);

            post(t, event("livechat.ended", "c1", Duration.ofSeconds(30), ",\"metadata\":{\"requestId\":\"r1\"}"));
            JsonNode ended = manager.await("r1 ended", livechat("ended", "r1"), WAIT).message().get("data");

            // requested 6 min ago, accepted 30 s later, ended 30 s ago: a 30 s wait and a 5 min chat
            assertThat(ended.get("status").asString()).isEqualTo("ended");
            assertThat(ended.get("staffId").asString()).isEqualTo("a1");
            assertThat(ended.get("waitMs").asLong()).isEqualTo(30_000);
            assertThat(ended.get("durationMs").asLong()).isEqualTo(300_000);
            assertThat(ended.get("endedAt").asString()).isEqualTo(now.minusSeconds(30).toString());
        }
        try (LiveClient later = LiveClient.signIn(port, t.key())) {
            JsonNode snapshot = later.await("r1 in the snapshot", livechat("ended", "r1"), WAIT).message();
            assertThat(snapshot.get("snapshot").asBoolean()).isTrue();
        }
    }
}
