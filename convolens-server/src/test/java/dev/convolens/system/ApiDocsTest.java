package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiDocsTest extends ServerTest {

    @Test
    void theOpenApiDocumentListsTheRoutesWithoutAKey() {
        Http.Response r = http().get("/api/docs", null);

        assertStatus(r, 200);
        JsonNode paths = r.json().get("paths");
        assertThat(paths.propertyNames()).contains("/api/events", "/api/tenants", "/api/tenants/{id}/keys",
                "/api/analytics/realtime", "/api/analytics/livechat");
        assertThat(r.body()).doesNotContain("\"caller\"");
    }
}
