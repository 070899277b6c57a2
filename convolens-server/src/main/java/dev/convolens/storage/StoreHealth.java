package dev.convolens.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the store takes writes: DOWN from a failed append (with its reason) until an append succeeds again. When
 * appends have stopped failing for {@link #QUIET} (no client is sending), each health check tries one small write of
 * its own instead, so health turns UP once the cause is gone (disk freed, database back). A small write alone does
 * not clear it while appends still fail: a nearly full disk takes a probe's row but not a batch.
 */
public final class StoreHealth implements HealthIndicator {

    static final java.time.Duration QUIET = java.time.Duration.ofSeconds(30);

    /** The failures since the last successful write: the first one's time, the latest one's time and reason. */
    private record Failure(Instant at, Instant last, String reason, long count) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicReference<Failure> failing = new AtomicReference<>();

    public StoreHealth(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    void failed(String reason) {
        Instant now = clock.instant();
        failing.updateAndGet(f -> new Failure(f == null ? now : f.at(), now, reason, f == null ? 1 : f.count() + 1));
    }

    void succeeded() {
        failing.set(null);
    }

    @Override
    public Health health() {
        Failure f = failing.get();
        if (f == null) return Health.up().build();
        if (clock.instant().isBefore(f.last().plus(QUIET))) return down(f, "appends are failing");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE store_probe SET checked_at = ? WHERE id = 1")) {
            ps.setObject(1, clock.instant().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
            failing.compareAndSet(f, null);
            return Health.up().withDetail("recovered", "writes succeed again after " + f.count()
                    + " failed appends since " + f.at()).build();
        } catch (Exception probe) {
            return down(f, "the probe write failed too: " + probe.getMessage());
        }
    }

    private static Health down(Failure f, String probe) {
        return Health.down().withDetail("reason", f.reason()).withDetail("since", f.at().toString())
                .withDetail("failedAppends", f.count()).withDetail("probe", probe).build();
    }
}
