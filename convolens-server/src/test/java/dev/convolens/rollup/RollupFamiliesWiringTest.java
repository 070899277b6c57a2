package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.ServerTest;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantSettings;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The running service has one family per rollup job of SPEC §5, each writing its own migrated table. */
class RollupFamiliesWiringTest extends ServerTest {

    @Autowired
    List<RollupFamily> families;

    @Test
    void theServiceHasTheSpecsRollupFamiliesPlusUsageAndEachCanRecomputeAnEmptyPeriod() {
        assertThat(families).extracting(RollupFamily::jobName).containsExactlyInAnyOrder("hourly_message_counts",
                "hourly_response_times", "daily_conversation_metrics", "daily_staff_performance",
                "daily_intent_distribution", "weekly_satisfaction_trends", "monthly_summary",
                "daily_bot_performance", "hourly_usage", "daily_livechat", "daily_usage_metrics", "daily_response_times",
                "daily_message_counts");
        assertThat(families).extracting(RollupFamily::table).doesNotHaveDuplicates();

        ZoneId zone = ZoneId.of("Europe/Berlin");
        Tenant nobody = new Tenant("wiring-" + System.nanoTime(), "wiring", zone, TenantSettings.DEFAULTS,
                Instant.EPOCH, Instant.EPOCH);
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        for (RollupFamily f : families) {
            assertThat(f.recompute(nobody, f.granularity().periodOf(now, zone))).as(f.jobName()).isZero();
        }
    }
}
