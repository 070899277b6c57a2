package dev.convolens.query;

import dev.convolens.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The "right now" numbers that the realtime route and the dashboard share, from facts and recent events. */
@Component
class LiveNumbers {
    private final JdbcTemplate jdbc;

    LiveNumbers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Conversations not resolved or closed, with activity within the tenant's session timeout and not completed since. */
    long activeConversations(Tenant tenant, Instant now) {
        OffsetDateTime activeSince = utc(now.minus(Duration.ofMinutes(tenant.settings().sessionTimeoutMinutes())));
        return jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ? "
                + "AND resolved_at IS NULL AND closed_at IS NULL AND last_activity_at >= ? "
                + "AND (session_completed_at IS NULL OR session_completed_at < last_activity_at)", Long.class,
                tenant.id(), activeSince);
    }

    /**
     * Agents whose latest staff event of the last 24 hours is a login or a status other than offline (a status
     * change without a status counts as available).
     */
    long staffOnline(Tenant tenant, Instant now) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM (
                    SELECT staff_id, (array_agg(type ORDER BY ts DESC))[1] AS last_type,
                        (array_agg(metadata->>'status' ORDER BY ts DESC))[1] AS last_status
                    FROM events WHERE tenant_id = ? AND ts >= ? AND ts <= ? AND staff_id IS NOT NULL
                        AND type IN ('staff.login', 'staff.logout', 'staff.status_changed')
                    GROUP BY staff_id) s
                WHERE last_type <> 'staff.logout' AND COALESCE(last_status, 'available') <> 'offline'
                """, Long.class, tenant.id(), utc(now.minus(Duration.ofDays(1))), utc(now));
    }

    /** Tasks created (task.created with a taskId, within raw retention) and not completed (no task.completed) by now. */
    long pendingTasks(Tenant tenant, Instant now) {
        return jdbc.queryForObject("""
                SELECT count(DISTINCT task_id) FROM events
                WHERE tenant_id = ? AND type = 'task.created' AND task_id IS NOT NULL AND ts <= ?
                    AND task_id NOT IN (SELECT task_id FROM events WHERE tenant_id = ? AND type = 'task.completed'
                        AND task_id IS NOT NULL AND ts <= ?)
                """, Long.class, tenant.id(), utc(now), tenant.id(), utc(now));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
