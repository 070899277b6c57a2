package dev.convolens.tenant;

import java.time.ZoneId;

/** Published when a tenant's calendar moves, so that local-calendar rollups can be recomputed. */
public record TenantTimezoneChanged(String tenantId, ZoneId previous, ZoneId current) {}
