package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.Postgres;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole service configured with {@code convolens.store=postgres}, as a production instance runs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresServerTest {
    static final String ADMIN = "pg-admin";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = Postgres.newDatabase();
        registry.add("convolens.store", () -> "postgres");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("convolens.admin-key", () -> ADMIN);
    }

    @Test
    void ingestsDeduplicatesAndServesEventsFromPostgres() {
        Http http = new Http(port);
        TestTenant t = TestTenants.create(http, ADMIN, "America/New_York", "ingest", "read");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String batch = "[{\"id\":\"p1\",\"type\":\"message.received\",\"timestamp\":\"" + now + "\",\"metadata\":{\"k\":1}},"
                + "{\"id\":\"p2\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\"}]";

        Http.Response first = http.post("/api/events", t.key(), batch);
        Http.Response second = http.post("/api/events", t.key(), batch);

        assertThat(first.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(second.json().get("duplicates").asInt()).isEqualTo(2);
        Http.Response stored = http.get("/api/events", t.key());
        assertThat(stored.json().findValuesAsString("id")).containsExactlyInAnyOrder("p1", "p2");
        assertThat(stored.json().findValue("metadata").get("k").asInt()).isEqualTo(1);
        assertThat(http.get("/api/tenants/" + t.id(), t.key()).json().get("timezone").asString())
                .isEqualTo("America/New_York");
    }
}
