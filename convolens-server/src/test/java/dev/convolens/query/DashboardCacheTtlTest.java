package dev.convolens.query;

import static dev.convolens.query.Events.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convolens.support.TestTenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code convolens.query.dashboard-cache-ttl=0s}: every dashboard request computes the tenant's numbers afresh. */
@TestPropertySource(properties = "convolens.query.dashboard-cache-ttl=0s")
class DashboardCacheTtlTest extends AnalyticsServerTest {

    @Test
    void withoutACacheTheDashboardShowsAnEventStoredASecondAgo() {
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, List.of(
                of("conversation.started", "2026-11-02T15:00:00Z").conv("t3"),
                of("message.received", "2026-11-02T15:00:00Z").conv("t3"),
                of("message.received", "2026-11-02T15:20:00Z").conv("t3")));
        clock.set(Instant.parse("2026-11-02T15:30:00Z"));
        JsonNode first = get(ny, "/api/analytics/dashboard");
        assertThat(first.get("today").get("messagesReceived").asLong()).isEqualTo(2);
        assertThat(first.get("today").get("conversationsStarted").asLong()).isEqualTo(1);

        send(ny, of("message.received", "2026-11-02T15:29:00Z").conv("t3"));
        clock.advance(Duration.ofSeconds(1));
        JsonNode next = get(ny, "/api/analytics/dashboard");
        assertThat(next.get("today").get("messagesReceived").asLong()).isEqualTo(3);
        assertThat(next.get("span").get("asOf").asString()).isEqualTo("2026-11-02T15:30:01Z");
    }

    @Test
    void aTtlOverSixtySecondsOrNegativeIsRefused() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new Dashboard(null, null, null, clock, Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 60 s");
        assertThatThrownBy(() -> new Dashboard(null, null, null, clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
