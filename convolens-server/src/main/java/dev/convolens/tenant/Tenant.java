package dev.convolens.tenant;

import java.time.Instant;
import java.time.ZoneId;

/** One customer account: the isolation boundary, with its own calendar (timezone) and settings. */
public record Tenant(String id, String name, ZoneId timezone, TenantSettings settings, Instant createdAt,
        Instant updatedAt) {}
