package dev.convolens.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Seed 000's schedule CRUD over real HTTP: defaults, validation field by field, scopes and tenant isolation. */
class ScheduleApiTest extends ServerTest {
    static final String MINIMAL = "{\"name\":\"Monday digest\",\"frequency\":\"weekly\",\"recipients\":[\"ops@acme.test\"]}";

    TestTenant t;

    @BeforeEach
    void tenant() {
        t = newTenant("Europe/Berlin", "read", "admin");
    }

    @Test
    void aScheduleIsCreatedWithDefaultsReadChangedAndDeleted() {
        Http.Response created = http().post("/schedules", t.key(), MINIMAL);
        assertStatus(created, 201);
        JsonNode s = created.json();
        String id = s.get("id").asString();
        assertThat(s.get("tenantId").asString()).isEqualTo(t.id());
        assertThat(s.get("name").asString()).isEqualTo("Monday digest");
        assertThat(s.get("frequency").asString()).isEqualTo("weekly");
        assertThat(s.get("format").asString()).isEqualTo("pdf");
        assertThat(s.get("sections").valueStream().map(JsonNode::asString).toList()).containsExactly("summary",
                "conversations", "response_times", "staff_performance", "satisfaction", "top_intents",
                "channel_breakdown", "live_chat", "bot_performance");
        assertThat(s.get("enabled").asBoolean()).isTrue();
        assertThat(s.get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(s.get("hour").asInt()).isEqualTo(6);
        assertThat(s.get("nextRunAt").asString()).isNotBlank();

        assertThat(http().get("/schedules", t.key()).json().findValuesAsString("id")).containsExactly(id);
        assertThat(http().get("/schedules/" + id, t.key()).json()).isEqualTo(s);

        Http.Response updated = Put.json(port, "/schedules/" + id, t.key(), "{\"name\":\"Month\",\"frequency\":\"monthly\","
                + "\"format\":\"xlsx\",\"sections\":[\"live_chat\",\"summary\"],\"recipients\":[\"a@acme.test\",\"B@acme.test\"],"
                + "\"enabled\":false,\"timezone\":\"America/New_York\",\"hour\":0}");
        assertStatus(updated, 200);
        JsonNode u = updated.json();
        assertThat(u.get("frequency").asString()).isEqualTo("monthly");
        assertThat(u.get("format").asString()).isEqualTo("xlsx");
        assertThat(u.get("sections").valueStream().map(JsonNode::asString).toList()).containsExactly("summary", "live_chat");
        assertThat(u.get("recipients").valueStream().map(JsonNode::asString).toList()).containsExactly("a@acme.test", "B@acme.test");
        assertThat(u.get("enabled").asBoolean()).isFalse();
        assertThat(u.get("nextRunAt").isNull()).isTrue();
        assertThat(u.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(u.get("hour").asInt()).isZero();
        assertThat(u.get("createdAt")).isEqualTo(s.get("createdAt"));
        assertThat(http().get("/schedules/" + id, t.key()).json()).isEqualTo(u);
        assertThat(http().get("/schedules/" + id + "/deliveries", t.key()).json()).isEmpty();

        assertStatus(http().delete("/schedules/" + id, t.key()), 204);
        assertStatus(http().get("/schedules/" + id, t.key()), 404);
        assertThat(http().get("/schedules", t.key()).json()).isEmpty();
        assertStatus(http().delete("/schedules/" + id, t.key()), 404);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("recipients", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"not-an-email\"]}"),
                Arguments.of("recipients", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"ops@acme\"]}"),
                Arguments.of("recipients", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"Ops <ops@acme.test>\"]}"),
                Arguments.of("recipients", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[]}"),
                Arguments.of("recipients", "{\"name\":\"x\",\"frequency\":\"weekly\"}"),
                Arguments.of("recipients", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":\"ops@acme.test\"}"),
                Arguments.of("sections", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"sections\":[]}"),
                Arguments.of("sections", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"sections\":[\"weather\"]}"),
                Arguments.of("frequency", "{\"name\":\"x\",\"frequency\":\"daily\",\"recipients\":[\"o@a.test\"]}"),
                Arguments.of("frequency", "{\"name\":\"x\",\"recipients\":[\"o@a.test\"]}"),
                Arguments.of("hour", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"hour\":24}"),
                Arguments.of("hour", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"hour\":-1}"),
                Arguments.of("hour", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"hour\":6.5}"),
                Arguments.of("hour", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"hour\":\"six\"}"),
                Arguments.of("timezone", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"timezone\":\"Mars/Olympus\"}"),
                Arguments.of("format", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"format\":\"docx\"}"),
                Arguments.of("enabled", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"enabled\":\"yes\"}"),
                Arguments.of("name", "{\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"]}"),
                Arguments.of("recipient", "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipient\":[\"o@a.test\"]}"),
                Arguments.of("body", "[]"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalid")
    void anInvalidFieldIsNamedInA400(String field, String body) {
        Http.Response r = http().post("/schedules", t.key(), body);

        assertStatus(r, 400);
        assertThat(r.json().get("error").asString()).isEqualTo("invalid " + field);
        assertThat(r.json().get("detail").asString()).isNotBlank();
        assertThat(http().get("/schedules", t.key()).json()).isEmpty();
    }

    @Test
    void anUpdateIsValidatedLikeACreate() {
        String id = http().post("/schedules", t.key(), MINIMAL).json().get("id").asString();

        Http.Response r = Put.json(port, "/schedules/" + id, t.key(), "{\"name\":\"x\",\"frequency\":\"weekly\",\"recipients\":[\"o@a.test\"],\"hour\":99}");

        assertStatus(r, 400);
        assertThat(r.json().get("error").asString()).isEqualTo("invalid hour");
        assertThat(http().get("/schedules/" + id, t.key()).json().get("hour").asInt()).isEqualTo(6);
    }

    @Test
    void aReadKeySeesSchedulesButOnlyAnAdminKeyChangesThem() {
        String id = http().post("/schedules", t.key(), MINIMAL).json().get("id").asString();
        String read = dev.convolens.support.TestTenants.key(http(), ADMIN_KEY, t.id(), "read");

        assertStatus(http().get("/schedules", read), 200);
        assertStatus(http().get("/schedules/" + id, read), 200);
        assertStatus(http().get("/schedules/" + id + "/deliveries", read), 200);
        assertStatus(http().post("/schedules", read, MINIMAL), 403);
        assertStatus(Put.json(port, "/schedules/" + id, read, MINIMAL), 403);
        assertStatus(http().delete("/schedules/" + id, read), 403);
        assertStatus(http().post("/schedules/" + id + "/send", read, ""), 403);
        assertStatus(http().get("/schedules/" + id, null), 401);

        // the refusal names the missing scope and the request that issues a key with it
        JsonNode refused = http().post("/schedules", read, MINIMAL).json();
        assertThat(refused.get("error").asString()).isEqualTo("forbidden");
        assertThat(refused.get("detail").asString()).isEqualTo("this key lacks the 'admin' scope; a tenant admin (a key "
                + "with the 'admin' scope, or the service admin key) issues one that has it: POST /api/tenants/" + t.id()
                + "/keys {\"scopes\":[\"read\",\"admin\"]}");
        String ingest = dev.convolens.support.TestTenants.key(http(), ADMIN_KEY, t.id(), "ingest");
        assertThat(http().get("/schedules", ingest).json().get("detail").asString())
                .startsWith("this key lacks the 'read' scope;").endsWith("/keys {\"scopes\":[\"read\"]}");
    }

    @Test
    void theServiceAdminNamesTheTenantAndAnotherTenantsKeyIsRefused() {
        assertThat(http().post("/schedules", ADMIN_KEY, MINIMAL).json().get("error").asString()).isEqualTo("invalid tenantId");
        Http.Response created = http().post("/schedules?tenantId=" + t.id(), ADMIN_KEY, MINIMAL);
        assertStatus(created, 201);
        String id = created.json().get("id").asString();
        assertThat(http().get("/schedules?tenantId=" + t.id(), ADMIN_KEY).json().findValuesAsString("id")).containsExactly(id);

        TestTenant other = newTenant("UTC", "read", "admin");
        for (Http.Response r : List.of(http().get("/schedules/" + id, other.key()),
                http().get("/schedules?tenantId=" + t.id(), other.key()),
                Put.json(port, "/schedules/" + id, other.key(), MINIMAL),
                http().delete("/schedules/" + id, other.key()),
                http().get("/schedules/" + id + "/deliveries", other.key()),
                http().post("/schedules/" + id + "/send", other.key(), ""))) {
            assertStatus(r, 403);
            assertThat(r.body()).doesNotContain("ops@acme.test");
        }
        assertThat(http().get("/schedules", other.key()).json()).isEmpty();
        assertStatus(http().get("/schedules/" + id, t.key()), 200);
    }
}
