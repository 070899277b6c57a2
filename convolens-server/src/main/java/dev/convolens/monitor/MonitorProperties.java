package dev.convolens.monitor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled run the live-chat expiry monitor and the session closer on a timer
 * @param livechatInterval how often waiting live-chat requests are checked for expiry (seed 004's monitorInterval)
 * @param livechatExpiryFallback expiry of a waiting request for tenants without {@code livechatExpirySeconds}
 * @param sessionInterval how often idle conversations are closed
 */
@ConfigurationProperties("convolens.monitor")
record MonitorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15s") Duration livechatInterval,
        @DefaultValue("120s") Duration livechatExpiryFallback,
        @DefaultValue("60s") Duration sessionInterval) {}
