package dev.convolens.rollup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The stats daemon ({@code convolens.stats.*}).
 *
 * @param refresh how old a tenant's stats may get before the {@code tenant_stats} job rewrites them (seed 000's
 *        {@code statsUpdateLessThan}); new data does not wait for it
 * @param debounce how long after new data of a tenant is recorded its stats are rewritten; the daemon looks for new
 *        data this often, and a tenant receiving data all the time is rewritten at most once per look
 */
@ConfigurationProperties("convolens.stats")
record StatsProperties(@DefaultValue("15m") Duration refresh, @DefaultValue("5s") Duration debounce) {
    StatsProperties {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("convolens.stats.refresh must be positive");
        }
        if (debounce.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("convolens.stats.debounce must be at least 1s");
        }
    }
}
