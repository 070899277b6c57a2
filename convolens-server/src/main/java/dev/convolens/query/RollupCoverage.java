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
 * Up to which instant a rollup table holds a tenant's numbers, looked up for all tables at once per request.
 *
 * <p>A table is taken to cover every period up to and including its tenant's latest row (the jobs compute periods
 * in order and backfill ranges whole; a family records that period in {@code rollup_coverage} in the transaction that
 * writes the rows), but never the period still open at {@code now}, which is always read from facts and raw events,
 * nor from the first change its job has not rolled up yet. A tenant without rows in a table is read from facts and
 * raw events only, so the answers are right before any job ran.
 */
final class RollupCoverage {
    private final NamedParameterJdbcTemplate jdbc;
    private final Tenant tenant;
    private final Instant now;
    private final Map<String, Optional<Instant>> known = new HashMap<>();
    private Map<String, Stored> stored;

    /** A table's latest period with rows for the tenant, and the first change its job has not rolled up (or null). */
    private record Stored(Instant latest, Instant pending) {}

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
        if (stored == null) stored = load();
        return known.computeIfAbsent(table.name(), name -> Optional.ofNullable(until(table, stored.get(name))))
                .orElse(null);
    }

    /**
     * Every rollup table's latest period with rows for the tenant and the start of the first change its job has not
     * rolled up yet, in one round trip (a request reads several tables).
     */
    private Map<String, Stored> load() {
        Map<String, Stored> out = new HashMap<>();
        jdbc.query("SELECT c.rollup, c.latest_period, MIN(d.from_ts) FROM rollup_coverage c "
                + "LEFT JOIN job_watermarks w ON w.job = c.rollup "
                + "LEFT JOIN dirty_ranges d ON d.tenant_id = c.tenant_id AND d.seq > COALESCE(w.seq, 0) "
                + "WHERE c.tenant_id = :tenant GROUP BY c.rollup, c.latest_period",
                new MapSqlParameterSource("tenant", tenant.id()),
                rs -> {
                    OffsetDateTime pending = rs.getObject(3, OffsetDateTime.class);
                    out.put(rs.getString(1), new Stored(rs.getObject(2, OffsetDateTime.class).toInstant(),
                            pending == null ? null : pending.toInstant()));
                });
        return out;
    }

    private Instant until(RollupTable table, Stored stored) {
        if (stored == null) return null;
        Instant latest = stored.latest();
        Instant pending = stored.pending();
        ZoneId zone = zone(table.grain());
        Instant end = table.grain().periodOf(latest, zone).to();
        Instant open = table.grain().periodOf(now, zone).from();
        Instant until = end.isBefore(open) ? end : open;
        // a late event the table's job has not rolled up yet: from its period on, facts and raw events are the truth
        if (pending != null) {
            Instant stale = table.grain().periodOf(pending, zone).from();
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
