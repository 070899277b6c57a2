package dev.convolens.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every route, called with tenant A's all-scope key on tenant B's data, is refused and leaks nothing. */
class TenantIsolationTest extends ServerTest {

    TestTenant a;
    TestTenant b;
    String bKeyId;
    String bScheduleId;

    record Route(String name, BiFunction<TenantIsolationTest, Http, Http.Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET /api/tenants/{B}", (t, h) -> h.get("/api/tenants/" + t.b.id(), t.a.key())),
                new Route("PATCH /api/tenants/{B}", (t, h) -> h.patch("/api/tenants/" + t.b.id(), t.a.key(), "{\"name\":\"pwned\"}")),
                new Route("POST /api/tenants/{B}/keys", (t, h) -> h.post("/api/tenants/" + t.b.id() + "/keys", t.a.key(), "{\"scopes\":[\"read\"]}")),
                new Route("GET /api/tenants/{B}/keys", (t, h) -> h.get("/api/tenants/" + t.b.id() + "/keys", t.a.key())),
                new Route("DELETE /api/tenants/{B}/keys/{id}", (t, h) -> h.delete("/api/tenants/" + t.b.id() + "/keys/" + t.bKeyId, t.a.key())),
                new Route("GET /api/events?tenantId=B", (t, h) -> h.get("/api/events?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/events?tenantId=B&format=csv", (t, h) -> h.get("/api/events?format=csv&tenantId=" + t.b.id(), t.a.key())),
                new Route("POST /api/events?tenantId=B", (t, h) -> h.post("/api/events?tenantId=" + t.b.id(), t.a.key(),
                        "[{\"type\":\"message.received\",\"timestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}]")),
                new Route("POST /api/chat-sessions?tenantId=B", (t, h) -> h.post("/api/chat-sessions?tenantId=" + t.b.id(), t.a.key(), "{\"_id\":\"x\"}")),
                new Route("GET /api/tenants/{B}/stats", (t, h) -> h.get("/api/tenants/" + t.b.id() + "/stats", t.a.key())),
                new Route("GET /api/jobs/runs?tenantId=B", (t, h) -> h.get("/api/jobs/runs?tenantId=" + t.b.id(), t.a.key())),
                new Route("POST /api/jobs/daily_livechat/run?tenantId=B", (t, h) -> h.post("/api/jobs/daily_livechat/run?tenantId=" + t.b.id(), t.a.key(), "")),
                new Route("GET /api/tenants", (t, h) -> h.get("/api/tenants", t.a.key())),
                new Route("GET /api/analytics/realtime?tenantId=B", (t, h) -> h.get("/api/analytics/realtime?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/livechat?tenantId=B", (t, h) -> h.get("/api/analytics/livechat?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/conversations?tenantId=B", (t, h) -> h.get("/api/analytics/conversations?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/response-times?tenantId=B", (t, h) -> h.get("/api/analytics/response-times?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/message-volume?tenantId=B", (t, h) -> h.get("/api/analytics/message-volume?period=7d&tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/bot/{bot}/performance?tenantId=B", (t, h) -> h.get("/api/analytics/bot/bot-of-b/performance?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/bot/{bot}/percentiles?tenantId=B", (t, h) -> h.get("/api/analytics/bot/bot-of-b/percentiles?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/dashboard?tenantId=B", (t, h) -> h.get("/api/analytics/dashboard?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/metrics?tenantId=B", (t, h) -> h.get("/api/analytics/metrics?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/timeseries?tenantId=B", (t, h) -> h.get("/api/analytics/timeseries?metric=messages.inbound&tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /api/analytics/timeseries?tenantId=B&format=csv", (t, h) -> h.get("/api/analytics/timeseries?metric=messages.inbound&format=csv&tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /exports?tenantId=B", (t, h) -> h.get("/exports?format=json&tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /exports/conversations?tenantId=B", (t, h) -> h.get("/exports/conversations?tenantId=" + t.b.id(), t.a.key())),
                new Route("GET /schedules?tenantId=B", (t, h) -> h.get("/schedules?tenantId=" + t.b.id(), t.a.key())),
                new Route("POST /schedules?tenantId=B", (t, h) -> h.post("/schedules?tenantId=" + t.b.id(), t.a.key(), SCHEDULE)),
                new Route("GET /schedules/{B}", (t, h) -> h.get("/schedules/" + t.bScheduleId, t.a.key())),
                new Route("PUT /schedules/{B}", (t, h) -> put(t.port, "/schedules/" + t.bScheduleId, t.a.key(), SCHEDULE)),
                new Route("DELETE /schedules/{B}", (t, h) -> h.delete("/schedules/" + t.bScheduleId, t.a.key())),
                new Route("GET /schedules/{B}/deliveries", (t, h) -> h.get("/schedules/" + t.bScheduleId + "/deliveries", t.a.key())),
                new Route("POST /schedules/{B}/send", (t, h) -> h.post("/schedules/" + t.bScheduleId + "/send", t.a.key(), "")),
                new Route("POST /schedules/{B}/send?resend=true",
                        (t, h) -> h.post("/schedules/" + t.bScheduleId + "/send?resend=true", t.a.key(), "")));
    }

    static final String SCHEDULE = "{\"name\":\"pwned\",\"frequency\":\"weekly\",\"recipients\":[\"attacker@evil.test\"]}";

    /** PUT through the same client (the shared one has no put). */
    static Http.Response put(int port, String path, String key, String json) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void twoTenants() {
        a = newTenant("UTC", "ingest", "read", "admin");
        b = newTenant("UTC", "ingest", "read", "admin");
        Http.Response key = http().post("/api/tenants/" + b.id() + "/keys", b.key(), "{\"scopes\":[\"read\"]}");
        bKeyId = key.json().get("id").asString();
        bScheduleId = http().post("/schedules", b.key(), "{\"name\":\"b's digest\",\"frequency\":\"weekly\","
                + "\"recipients\":[\"ops@b.test\"]}").json().get("id").asString();
        http().post("/api/events", b.key(), "[{\"id\":\"secret-of-b\",\"type\":\"message.received\",\"timestamp\":\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"botId\":\"bot-of-b\",\"metadata\":{\"text\":\"b's data\"}}]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void tenantAsKeyCannotReachTenantB(Route route) {
        Http.Response r = route.call().apply(this, http());

        assertThat(r.status()).as("%s answered %s", route, r.body()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("secret-of-b").doesNotContain("b's data");
        Http.Response bView = http().get("/api/tenants/" + b.id(), b.key());
        assertThat(bView.json().get("name").asString()).isNotEqualTo("pwned");
        Http.Response bSchedule = http().get("/schedules/" + bScheduleId, b.key());
        assertThat(bSchedule.status()).isEqualTo(200);
        assertThat(bSchedule.body()).contains("ops@b.test").doesNotContain("attacker@evil.test");
        assertThat(http().get("/schedules", b.key()).json()).hasSize(1);
        assertThat(r.body()).doesNotContain("ops@b.test");
        assertThat(http().get("/api/events", b.key()).body()).contains("secret-of-b");
        assertThat(http().get("/api/tenants/" + b.id() + "/keys", b.key()).json().findValues("revokedAt"))
                .allMatch(v -> v.isNull());
    }

    @org.junit.jupiter.api.Test
    void anEventNamingAnotherTenantInItsBodyIsRejectedNotStored() {
        Http.Response r = http().post("/api/events", a.key(), "[{\"id\":\"smuggled\",\"type\":\"message.received\","
                + "\"tenantId\":\"" + b.id() + "\",\"timestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}]");

        assertThat(r.json().get("accepted").asInt()).isZero();
        assertThat(r.json().get("rejected").get(0).get("field").asString()).isEqualTo("tenantId");
        assertThat(http().get("/api/events", b.key()).body()).doesNotContain("smuggled");
        assertThat(http().get("/api/events", a.key()).body()).doesNotContain("smuggled");
    }
}
