package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * Issue #13's case end to end, on the service's own facts updater and a clock the test moves: stats computed before
 * a backfill arrives show it one debounce (5 s) after its facts are recorded, not when the 15-minute refresh finds
 * them old; the daemon's next look leaves them alone.
 */
@Import(TenantStatsFreshnessTest.Config.class)
class TenantStatsFreshnessTest extends ServerTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(NOW);
        }
    }

    @Autowired
    Clock clock;
    @Autowired
    FactsUpdater facts;
    @Autowired
    JobRunner jobs;

    MutableClock clock() {
        return (MutableClock) clock;
    }

    void send(TestTenant t, String... messageTimestamps) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < messageTimestamps.length; i++) {
            if (i > 0) body.append(',');
            body.append("{\"type\":\"message.received\",\"conversationId\":\"c").append(messageTimestamps[i].hashCode())
                    .append("\",\"timestamp\":\"").append(messageTimestamps[i]).append("\"}");
        }
        assertStatus(http().post("/api/events", t.key(), body.append(']').toString()), 200);
        facts.flush();
    }

    JsonNode stats(TestTenant t) {
        return http().get("/api/tenants/" + t.id() + "/stats", t.key()).json();
    }

    static long messagesIn(JsonNode stats, String day) {
        for (JsonNode b : stats.get("daily")) {
            if (b.get("period").asString().equals(day)) return b.get("messagesIn").asLong();
        }
        throw new AssertionError("no bucket " + day);
    }

    @Test
    void aBackfillIsInTheStatsOneDebounceAfterItsFactsAreRecorded() {
        clock().set(NOW);
        TestTenant t = newTenant("UTC", "ingest", "read");
        send(t, "2026-11-22T10:00:00Z");
        JsonNode before = stats(t); // computed on the spot: one message today
        assertThat(messagesIn(before, "2026-11-22")).isEqualTo(1);

        // the backfill: two messages on 10 November, one more today
        send(t, "2026-11-10T09:00:00Z", "2026-11-10T17:00:00Z", "2026-11-22T11:00:00Z");
        clock().advance(Duration.ofSeconds(2));
        jobs.runStatsOfChangedTenants();
        assertThat(stats(t).get("updatedAt").asString()).isEqualTo(NOW.toString());

        clock().advance(Duration.ofSeconds(4));
        jobs.runStatsOfChangedTenants();

        JsonNode after = stats(t);
        assertThat(after.get("updatedAt").asString()).isEqualTo(NOW.plusSeconds(6).toString());
        assertThat(messagesIn(after, "2026-11-10")).isEqualTo(2);
        assertThat(messagesIn(after, "2026-11-22")).isEqualTo(2);

        clock().advance(Duration.ofSeconds(10));
        jobs.runStatsOfChangedTenants();
        assertThat(stats(t).get("updatedAt").asString()).isEqualTo(NOW.plusSeconds(6).toString());
    }
}
