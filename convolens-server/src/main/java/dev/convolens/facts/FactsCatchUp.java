package dev.convolens.facts;

import dev.convolens.event.EventsStored;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds events received after the last facts update, i.e. those a crash left without facts, so that the updater
 * recomputes them at start-up. Events received up to a minute before the newest fact are included for safety: a
 * recompute is idempotent.
 */
@Component
class FactsCatchUp {
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;

    FactsCatchUp(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<EventsStored> pendingSinceLastRun() {
        OffsetDateTime newest = jdbc.queryForObject("SELECT MAX(updated_at) FROM conversations", OffsetDateTime.class);
        Instant since = newest == null ? Instant.EPOCH : newest.toInstant().minus(MARGIN);
        Map<String, Instant[]> ranges = new HashMap<>();
        Map<String, HashSet<String>> conversations = new HashMap<>();
        jdbc.query("SELECT tenant_id, conversation_id, MIN(ts), MAX(ts) FROM events WHERE received_at > ? "
                + "GROUP BY tenant_id, conversation_id", rs -> {
                    String tenant = rs.getString(1);
                    Instant min = rs.getObject(3, OffsetDateTime.class).toInstant();
                    Instant max = rs.getObject(4, OffsetDateTime.class).toInstant();
                    Instant[] r = ranges.computeIfAbsent(tenant, t -> new Instant[] {min, max});
                    if (min.isBefore(r[0])) r[0] = min;
                    if (max.isAfter(r[1])) r[1] = max;
                    if (rs.getString(2) != null) conversations.computeIfAbsent(tenant, t -> new HashSet<>()).add(rs.getString(2));
                }, since.atOffset(ZoneOffset.UTC));
        List<EventsStored> out = new ArrayList<>();
        ranges.forEach((tenant, r) -> out.add(new EventsStored(tenant, r[0], r[1], 0,
                conversations.getOrDefault(tenant, new HashSet<>()))));
        return out;
    }

}
