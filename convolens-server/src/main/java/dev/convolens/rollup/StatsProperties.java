package dev.convolens.rollup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The stats daemon ({@code convolens.stats.*}).
 *
 * @param refresh how old a tenant's stats may get before the {@code tenant_stats} job rewrites them (seed 000's
 *        {@code statsUpdateLessThan})
 */
@ConfigurationProperties("convolens.stats")
record StatsProperties(@DefaultValue("15m") Duration refresh) {
    StatsProperties {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("convolens.stats.refresh must be positive");
        }
    }
}
