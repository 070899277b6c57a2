package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TenantStatsApiTest extends ServerTest {
    @Autowired
    FactsUpdater facts;

    @Test
    void aTenantsStatsHaveSixtyLocalDaysAndThirteenMonths() {
        TestTenant t = newTenant("Asia/Kolkata", "ingest", "read");
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        LocalDate today = LocalDate.now(kolkata);
        Instant start = today.atStartOfDay(kolkata).toInstant().plusSeconds(60);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (start.isAfter(now.minusSeconds(30))) start = now.minusSeconds(30);
        http().post("/api/events", t.key(), "["
                + "{\"type\":\"conversation.started\",\"conversationId\":\"a\",\"timestamp\":\"" + start + "\"},"
                + "{\"type\":\"conversation.started\",\"conversationId\":\"b\",\"timestamp\":\"" + start + "\"},"
                + "{\"type\":\"message.received\",\"conversationId\":\"b\",\"timestamp\":\"" + start.plusSeconds(1) + "\"},"
                + "{\"type\":\"conversation.resolved\",\"conversationId\":\"b\",\"timestamp\":\"" + start.plusSeconds(2) + "\"}]");
        facts.flush();

        JsonNode stats = http().get("/api/tenants/" + t.id() + "/stats", t.key()).json();

        assertThat(stats.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(stats.get("daily")).hasSize(60);
        assertThat(stats.get("monthly")).hasSize(13);
        JsonNode last = stats.get("daily").get(59);
        assertThat(last.get("period").asString()).isEqualTo(today.toString());
        assertThat(last.get("conversationsStarted").asLong()).isEqualTo(2);
        assertThat(last.get("conversationsResolved").asLong()).isEqualTo(1);
        assertThat(last.get("messagesIn").asLong()).isEqualTo(1);
        assertThat(stats.get("daily").get(58).get("conversationsStarted").asLong()).isZero();
        assertThat(stats.get("updatedAt").isNull()).isFalse();
        assertStatus(http().get("/api/tenants/" + t.id() + "/stats", newTenant("UTC", "read").key()), 403);
    }
}
