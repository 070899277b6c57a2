package dev.convolens.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.loading.Loading;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class MonitorsTest extends ServerTest {
    @Autowired
    Monitors monitors;
    @Autowired
    FactsUpdater facts;
    @Autowired
    Loading loading;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRequestWaitingPastItsTenantsExpiryBecomesMissedOnce() {
        TestTenant t = newTenant("UTC", "ingest", "read", "admin");
        http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"livechatExpirySeconds\":60}}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(10, ChronoUnit.MINUTES);
        http().post("/api/events", t.key(), "["
                + "{\"type\":\"livechat.requested\",\"conversationId\":\"c1\",\"groupId\":\"g1\",\"timestamp\":\"" + old + "\",\"metadata\":{\"requestId\":\"old\"}},"
                + "{\"type\":\"livechat.requested\",\"conversationId\":\"c2\",\"timestamp\":\"" + now.minusSeconds(20) + "\",\"metadata\":{\"requestId\":\"fresh\"}},"
                + "{\"type\":\"livechat.requested\",\"conversationId\":\"c3\",\"timestamp\":\"" + old + "\",\"metadata\":{\"requestId\":\"taken\"}},"
                + "{\"type\":\"livechat.accepted\",\"conversationId\":\"c3\",\"staffId\":\"a1\",\"timestamp\":\"" + old.plusSeconds(30) + "\",\"metadata\":{\"requestId\":\"taken\"}}]");
        facts.flush();

        monitors.expireLiveChats();
        facts.flush();
        int again = monitors.expireLiveChats();

        assertThat(again).isZero();
        assertThat(status(t, "old")).isEqualTo("missed");
        assertThat(status(t, "fresh")).isEqualTo("waiting");
        assertThat(status(t, "taken")).isEqualTo("accepted");
        Http.Response missed = http().get("/api/events?type=livechat.missed", t.key());
        assertThat(missed.json()).hasSize(1);
        JsonNode e = missed.json().get(0);
        assertThat(e.get("timestamp").asString()).isEqualTo(old.plusSeconds(60).toString());
        assertThat(e.get("groupId").asString()).isEqualTo("g1");
        assertThat(e.get("metadata").get("requestId").asString()).isEqualTo("old");
    }

    @Test
    void anIdleOpenConversationGetsItsSessionCompletedOnceAndAResolvedOneNever() {
        TestTenant t = newTenant("UTC", "ingest", "read", "admin");
        http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"sessionTimeoutMinutes\":5}}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant idle = now.minus(20, ChronoUnit.MINUTES);
        http().post("/api/events", t.key(), "["
                + "{\"type\":\"message.received\",\"conversationId\":\"idle\",\"timestamp\":\"" + idle + "\"},"
                + "{\"type\":\"message.received\",\"conversationId\":\"busy\",\"timestamp\":\"" + now.minusSeconds(30) + "\"},"
                + "{\"type\":\"message.received\",\"conversationId\":\"done\",\"timestamp\":\"" + idle + "\"},"
                + "{\"type\":\"conversation.resolved\",\"conversationId\":\"done\",\"timestamp\":\"" + idle.plusSeconds(5) + "\"}]");
        facts.flush();

        int closed = monitors.closeIdleSessions();
        facts.flush();
        int again = monitors.closeIdleSessions();

        // the monitor serves every tenant of the shared test service, so only this tenant's events are counted exactly
        assertThat(closed).isPositive();
        assertThat(again).isZero();
        JsonNode completed = http().get("/api/events?type=session.completed", t.key()).json();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).get("conversationId").asString()).isEqualTo("idle");
        assertThat(completed.get(0).get("timestamp").asString()).isEqualTo(idle.plus(5, ChronoUnit.MINUTES).toString());
        assertThat(jdbc.queryForObject("SELECT last_activity_at = first_event_at FROM conversations WHERE tenant_id = ? "
                + "AND conversation_id = 'idle'", Boolean.class, t.id())).isTrue();
    }

    @Test
    void whileATenantsHistoryLoadsItsWaitingRequestsAreNotMissedYet() {
        TestTenant t = newTenant("UTC", "ingest", "read", "admin");
        http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"livechatExpirySeconds\":60}}");
        Instant edge = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(20, ChronoUnit.DAYS);
        // the edge of a history being loaded: the request is in, its answer is in the next chunk
        http().post("/api/events", t.key(), "[{\"type\":\"livechat.requested\",\"conversationId\":\"c1\",\"timestamp\":\""
                + edge + "\",\"metadata\":{\"requestId\":\"edge\"}}]");
        facts.flush();

        try (Loading.Task history = loading.begin(t.id(), Loading.HISTORY, "days", 30)) {
            monitors.expireLiveChats();
            facts.flush();
            assertThat(status(t, "edge")).isEqualTo("waiting");
            http().post("/api/events", t.key(), "[{\"type\":\"livechat.accepted\",\"conversationId\":\"c1\",\"staffId\":\"a1\","
                    + "\"timestamp\":\"" + edge.plusSeconds(30) + "\",\"metadata\":{\"requestId\":\"edge\"}}]");
            facts.flush();
        }
        monitors.expireLiveChats();
        facts.flush();

        assertThat(status(t, "edge")).isEqualTo("accepted");
        assertThat(http().get("/api/events?type=livechat.missed", t.key()).json()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT missed_at IS NULL FROM livechats WHERE tenant_id = ? AND request_id = 'edge'",
                Boolean.class, t.id())).isTrue();
    }

    @Test
    void aRollupBackfillDoesNotHoldTheMonitorBack() {
        TestTenant t = newTenant("UTC", "ingest", "read", "admin");
        http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"livechatExpirySeconds\":60}}");
        Instant old = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(10, ChronoUnit.MINUTES);
        http().post("/api/events", t.key(), "[{\"type\":\"livechat.requested\",\"conversationId\":\"c1\",\"timestamp\":\""
                + old + "\",\"metadata\":{\"requestId\":\"old\"}}]");
        facts.flush();

        try (Loading.Task rollups = loading.begin(null, Loading.ROLLUPS, "periods", 10)) {
            monitors.expireLiveChats();
        }
        facts.flush();

        assertThat(status(t, "old")).isEqualTo("missed");
    }

    private String status(TestTenant t, String request) {
        return jdbc.queryForObject("SELECT status FROM livechats WHERE tenant_id = ? AND request_id = ?", String.class,
                t.id(), request);
    }
}
