package dev.convolens.rollup;

import dev.convolens.loading.Loading;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.system.ApiException;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What every job shares: time, tenants, the run log, retries, job state, the retention settings and where a backfill
 * reports its progress.
 */
record JobKit(Clock clock, TenantStore tenants, RunLog runLog, Retrying retrying, JobState state, DirtyRanges dirty,
        RetentionProperties retention, JobsProperties properties, Loading loading) {

    /** The tenants a request covers: one (404 when unknown) or all. */
    List<Tenant> tenantsFor(JobRequest request) {
        if (request.tenantId() == null) return tenants.list();
        return List.of(tenants.find(request.tenantId())
                .orElseThrow(() -> ApiException.notFound("no tenant '" + request.tenantId() + "'")));
    }

    /** Days of rows kept for this calendar ({@code convolens.retention.hourly|daily|weekly|monthly}). */
    int retentionDays(Granularity granularity) {
        return switch (granularity) {
            case HOUR -> retention.hourly();
            case DAY -> retention.daily();
            case WEEK -> retention.weekly();
            case MONTH -> retention.monthly();
        };
    }

    Instant now() {
        return clock.instant();
    }

    long millisSince(Instant started) {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis());
    }

    static String newRunId() {
        return UUID.randomUUID().toString();
    }
}
