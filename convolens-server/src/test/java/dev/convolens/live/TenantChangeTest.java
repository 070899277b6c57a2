package dev.convolens.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantChangeTest {

    @Test
    void aChangeSurvivesItsNotifyPayload() {
        TenantChange change = new TenantChange("acme-eu_1", Instant.parse("2026-11-21T10:00:00.123Z"),
                Instant.parse("2026-11-21T10:00:05Z"));

        assertThat(TenantChange.decode(change.encode())).isEqualTo(change);
        assertThat(change.encode()).doesNotContain("\n");
    }
}
