package dev.convolens.tenant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminKey the service admin's key; empty means the one kept in {@code <data-dir>/admin-key} (generated at the first start)
 * @param keyCacheTtl how long a key lookup is cached; a revocation reaches other instances within this time
 */
@ConfigurationProperties("convolens")
public record SecurityProperties(String adminKey, @DefaultValue("10s") Duration keyCacheTtl) {}
