package dev.convolens.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether the demo tenant is created, backfilled and kept busy with simulated traffic
 * @param backfillDays days of history generated when the demo tenant has no events yet
 * @param peakConversationsPerHour conversations started in the busiest hour of a weekday
 * @param tenantId the demo tenant's id
 * @param timezone the demo tenant's time zone when it is created; its seasonality follows the tenant's zone
 */
@ConfigurationProperties("convolens.demo")
record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("30") int backfillDays,
        @DefaultValue("240") int peakConversationsPerHour,
        @DefaultValue("demo") String tenantId,
        @DefaultValue("Europe/Berlin") String timezone) {

    DemoProperties {
        if (backfillDays < 0) throw new IllegalArgumentException("convolens.demo.backfill-days must be 0 or more");
        if (peakConversationsPerHour < 1) {
            throw new IllegalArgumentException("convolens.demo.peak-conversations-per-hour must be at least 1");
        }
    }
}
