package dev.convolens.query;

import dev.convolens.rollup.Granularity;
import dev.convolens.tenant.Tenant;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Up to which instant a rollup table holds a tenant's numbers, looked up once per table and request.
 *
 * <p>A table is taken to cover every period up to and including its tenant's latest row (the jobs compute periods
 * in order and backfill ranges whole), but never the period still open at {@code now}, which is always read from
 * facts and raw events. A tenant without rows in a table is read from facts and raw events only, so the answers are
 * right before any job ran. When the job framework records how far each job got, that watermark should replace this
 * rule here (one method).
 */
final class RollupCoverage {
    private final NamedParameterJdbcTemplate jdbc;
    private final Tenant tenant;
    private final Instant now;
    private final Map<String, Optional<Instant>> known = new HashMap<>();

    RollupCoverage(NamedParameterJdbcTemplate jdbc, Tenant tenant, Instant now) {
        this.jdbc = jdbc;
        this.tenant = tenant;
        this.now = now;
    }

    Tenant tenant() {
        return tenant;
    }

    Instant now() {
        return now;
    }

    /** The first instant the table does not cover for the tenant, or null when it covers nothing. */
    Instant until(RollupTable table) {
        return known.computeIfAbsent(table.name(), name -> Optional.ofNullable(lookup(table))).orElse(null);
    }

    private Instant lookup(RollupTable table) {
        OffsetDateTime latest = jdbc.query("SELECT MAX(period_start) FROM " + table.name() + " WHERE tenant_id = :tenant",
                new MapSqlParameterSource("tenant", tenant.id()),
                rs -> rs.next() ? rs.getObject(1, OffsetDateTime.class) : null);
        if (latest == null) return null;
        ZoneId zone = zone(table.grain());
        Instant end = table.grain().periodOf(latest.toInstant(), zone).to();
        Instant open = table.grain().periodOf(now, zone).from();
        Instant until = end.isBefore(open) ? end : open;
        // a late event the table's job has not rolled up yet: from its period on, facts and raw events are the truth
        OffsetDateTime pending = jdbc.query("SELECT MIN(d.from_ts) FROM dirty_ranges d WHERE d.tenant_id = :tenant "
                + "AND d.seq > COALESCE((SELECT w.seq FROM job_watermarks w WHERE w.job = :job), 0)",
                new MapSqlParameterSource("tenant", tenant.id()).addValue("job", table.name()),
                rs -> rs.next() ? rs.getObject(1, OffsetDateTime.class) : null);
        if (pending != null) {
            Instant stale = table.grain().periodOf(pending.toInstant(), zone).from();
            if (stale.isBefore(until)) until = stale;
        }
        return until;
    }

    /** The calendar of a table's rows: UTC for hours, the tenant's zone otherwise. */
    ZoneId zone(Granularity grain) {
        return grain == Granularity.HOUR ? ZoneOffset.UTC : tenant.timezone();
    }

    /** Whether the instant starts a period of the table's calendar. */
    boolean isBoundary(Instant instant, Granularity grain) {
        return grain.periodOf(instant, zone(grain)).from().equals(instant);
    }

    /** The start of the period of the table's calendar containing the instant. */
    Instant floor(Instant instant, Granularity grain) {
        return grain.periodOf(instant, zone(grain)).from();
    }
}
