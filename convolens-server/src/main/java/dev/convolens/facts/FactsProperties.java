package dev.convolens.facts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval how often the conversations touched by new events are recomputed
 * @param maxBusyShare the most of one core the recompute may take: after a recompute of t the next waits at least
 *     t × (1 / maxBusyShare − 1), so that under heavy ingest facts fall behind instead of slowing ingest down
 */
@ConfigurationProperties("convolens.facts")
record FactsProperties(@DefaultValue("500ms") Duration interval, @DefaultValue("0.25") double maxBusyShare) {
    FactsProperties {
        if (!(maxBusyShare > 0 && maxBusyShare <= 1)) {
            throw new IllegalArgumentException("convolens.facts.max-busy-share must be in (0, 1], not " + maxBusyShare);
        }
    }
}
