package dev.convolens.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TenantApiTest extends ServerTest {

    @Test
    void theAdminCreatesATenantWithItsTimezone() {
        Http.Response r = http().post("/api/tenants", ADMIN_KEY,
                "{\"id\":\"kolkata-desk\",\"name\":\"Kolkata Desk\",\"timezone\":\"Asia/Kolkata\"}");

        assertStatus(r, 201);
        assertThat(r.json().get("id").asString()).isEqualTo("kolkata-desk");
        assertThat(r.json().get("name").asString()).isEqualTo("Kolkata Desk");
        assertThat(r.json().get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(r.json().get("settings").get("sessionTimeoutMinutes").asInt()).isEqualTo(30);
        assertStatus(http().post("/api/tenants", ADMIN_KEY, "{\"id\":\"kolkata-desk\",\"name\":\"Again\"}"), 409);
    }

    @Test
    void aTenantWithoutTimezoneIsUtcAndGetsAGeneratedId() {
        Http.Response r = http().post("/api/tenants", ADMIN_KEY, "{\"name\":\"Plain\"}");

        assertStatus(r, 201);
        assertThat(r.json().get("timezone").asString()).isEqualTo("UTC");
        assertThat(r.json().get("id").asString()).startsWith("t-");
    }

    @Test
    void badTenantInputIsA400NamingTheField() {
        Http.Response zone = http().post("/api/tenants", ADMIN_KEY, "{\"name\":\"X\",\"timezone\":\"Mars/Olympus\"}");
        Http.Response offset = http().post("/api/tenants", ADMIN_KEY, "{\"name\":\"X\",\"timezone\":\"+02:00\"}");
        Http.Response noName = http().post("/api/tenants", ADMIN_KEY, "{\"timezone\":\"UTC\"}");
        Http.Response badId = http().post("/api/tenants", ADMIN_KEY, "{\"id\":\"Has Spaces\",\"name\":\"X\"}");
        Http.Response unknown = http().post("/api/tenants", ADMIN_KEY, "{\"name\":\"X\",\"tz\":\"UTC\"}");

        assertStatus(zone, 400);
        assertThat(zone.json().get("error").asString()).isEqualTo("invalid timezone");
        assertThat(zone.json().get("detail").asString()).contains("Mars/Olympus");
        assertStatus(offset, 400);
        assertThat(noName.json().get("error").asString()).isEqualTo("invalid name");
        assertThat(badId.json().get("error").asString()).isEqualTo("invalid id");
        assertThat(unknown.json().get("error").asString()).isEqualTo("invalid tz");
    }

    @Test
    void onlyTheAdminKeyCreatesAndListsTenants() {
        TestTenant t = newTenant("UTC", "admin", "read", "ingest");

        assertStatus(http().post("/api/tenants", t.key(), "{\"name\":\"Mine\"}"), 403);
        assertStatus(http().get("/api/tenants", t.key()), 403);
        assertStatus(http().get("/api/tenants", null), 401);
        Http.Response list = http().get("/api/tenants", ADMIN_KEY);
        assertStatus(list, 200);
        assertThat(list.json().findValuesAsString("id")).contains(t.id());
    }

    @Test
    void aTenantAdminKeyRenamesMovesTheClockAndTunesSettings() {
        TestTenant t = newTenant("UTC", "admin", "read");

        Http.Response r = http().patch("/api/tenants/" + t.id(), t.key(),
                "{\"name\":\"Renamed\",\"timezone\":\"Pacific/Chatham\",\"settings\":{\"livechatExpirySeconds\":90}}");

        assertStatus(r, 200);
        JsonNode read = http().get("/api/tenants/" + t.id(), t.key()).json();
        assertThat(read.get("name").asString()).isEqualTo("Renamed");
        assertThat(read.get("timezone").asString()).isEqualTo("Pacific/Chatham");
        assertThat(read.get("settings").get("livechatExpirySeconds").asInt()).isEqualTo(90);
        assertThat(read.get("settings").get("sessionTimeoutMinutes").asInt()).isEqualTo(30);
        assertStatus(http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"sessionTimeoutMinutes\":0}}"), 400);
        Http.Response unknownSetting = http().patch("/api/tenants/" + t.id(), t.key(), "{\"settings\":{\"colour\":1}}");
        assertStatus(unknownSetting, 400);
        assertThat(unknownSetting.json().get("error").asString()).isEqualTo("invalid settings.colour");
        assertStatus(http().patch("/api/tenants/" + t.id(), t.key(), "{\"timezone\":\"Nowhere\"}"), 400);
    }

    @Test
    void aReadKeyReadsItsTenantButCannotChangeIt() {
        TestTenant t = newTenant("Europe/Berlin", "read");

        assertStatus(http().get("/api/tenants/" + t.id(), t.key()), 200);
        assertStatus(http().patch("/api/tenants/" + t.id(), t.key(), "{\"name\":\"No\"}"), 403);
        assertStatus(http().post("/api/tenants/" + t.id() + "/keys", t.key(), "{\"scopes\":[\"admin\"]}"), 403);
    }

    @Test
    void keysAreShownOnceListedWithoutSecretAndStopWorkingWhenRevoked() {
        TestTenant t = newTenant("UTC", "admin");
        Http.Response issued = http().post("/api/tenants/" + t.id() + "/keys", t.key(), "{\"scopes\":[\"read\"]}");
        assertStatus(issued, 201);
        String secret = issued.json().get("key").asString();
        String keyId = issued.json().get("id").asString();
        assertThat(secret).startsWith("cvl_").hasSizeGreaterThan(40);
        assertStatus(http().get("/api/events", secret), 200);

        Http.Response list = http().get("/api/tenants/" + t.id() + "/keys", t.key());
        assertThat(list.body()).doesNotContain(secret);
        assertThat(list.json().findValuesAsString("prefix")).contains(secret.substring(0, 12));

        assertStatus(http().delete("/api/tenants/" + t.id() + "/keys/" + keyId, t.key()), 204);
        assertStatus(http().get("/api/events", secret), 401);
        assertStatus(http().delete("/api/tenants/" + t.id() + "/keys/no-such-key", t.key()), 404);
        assertStatus(http().post("/api/tenants/" + t.id() + "/keys", t.key(), "{\"scopes\":[\"root\"]}"), 400);
        assertStatus(http().post("/api/tenants/" + t.id() + "/keys", t.key(), "{\"scopes\":[]}"), 400);
    }

    @Test
    void theAdminKeyMustNameATenantThatExists() {
        assertStatus(http().get("/api/events", ADMIN_KEY), 400);
        assertStatus(http().get("/api/events?tenantId=no-such-tenant", ADMIN_KEY), 404);
        assertStatus(http().get("/api/tenants/no-such-tenant", ADMIN_KEY), 404);
        String key = TestTenants.key(http(), ADMIN_KEY, newTenant("UTC", "read").id(), "read");
        assertThat(key).startsWith("cvl_");
    }
}
