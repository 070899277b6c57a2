package dev.convolens.rollup;

import dev.convolens.storage.RetentionProperties;
import dev.convolens.tenant.TenantTimezoneChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's local days, weeks and months move with its timezone: the rows of the old calendar that raw events still
 * cover are removed and that whole range is marked dirty, so the jobs rebuild it in the new calendar. Older rows,
 * whose raw events are gone, stay as they were computed.
 */
@Component
class TimezoneChangeRecompute {
    private static final Logger log = LoggerFactory.getLogger(TimezoneChangeRecompute.class);

    private final List<RollupFamily> families;
    private final DirtyRanges dirty;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration rawRetention;

    TimezoneChangeRecompute(List<RollupFamily> families, DirtyRanges dirty, JdbcTemplate jdbc, Clock clock,
            RetentionProperties retention) {
        this.families = families;
        this.dirty = dirty;
        this.jdbc = jdbc;
        this.clock = clock;
        this.rawRetention = Duration.ofDays(retention.rawEvents());
    }

    @EventListener
    void on(TenantTimezoneChanged change) {
        Instant now = clock.instant();
        Instant covered = now.minus(rawRetention);
        for (RollupFamily family : families) {
            if (family.granularity() == Granularity.HOUR) continue;
            // from the start of the first new-calendar period the rebuild will write
            Instant from = family.granularity().periodOf(covered, change.current()).from();
            int removed = jdbc.update("DELETE FROM " + family.table() + " WHERE tenant_id = ? AND period_start >= ?",
                    change.tenantId(), from.atOffset(ZoneOffset.UTC));
            log.info("tenant {} moved from {} to {}: {} rows of {} to rebuild", change.tenantId(), change.previous(),
                    change.current(), removed, family.table());
        }
        dirty.mark(change.tenantId(), covered, now);
    }
}
