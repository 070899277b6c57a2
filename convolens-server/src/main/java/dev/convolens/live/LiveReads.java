package dev.convolens.live;

import dev.convolens.loading.Loading;
import dev.convolens.monitor.Monitors;
import dev.convolens.system.ApiNumbers;
import dev.convolens.tenant.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a push carries, read from the facts and events. The realtime numbers and feed items are the same queries as
 * {@code GET /api/analytics/realtime} and {@code GET /api/analytics/conversations} (query.RealtimeController, which
 * keeps them private): a test holds the two equal until they share one reader.
 */
@Component
class LiveReads {
    static final int FEED_SIZE = 10;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Monitors monitors;
    private final Loading loading;

    LiveReads(JdbcTemplate jdbc, JsonMapper json, Clock clock, Monitors monitors, Loading loading) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.monitors = monitors;
        this.loading = loading;
    }

    /**
     * The realtime numbers (waiting live chats within the tenant's expiry only, and what is still being loaded), plus
     * what the cards compare them with ({@code previous}: the hour before the last, the 24 hours before the last) and
     * live chats missed in the last 30 minutes.
     */
    ObjectNode metrics(Tenant tenant) {
        Instant now = clock.instant();
        ObjectNode out = json.createObjectNode();
        out.put("tenantId", tenant.id());
        out.put("asOf", now.toString());
        OffsetDateTime activeSince = utc(now.minus(Duration.ofMinutes(tenant.settings().sessionTimeoutMinutes())));
        out.put("activeConversations", jdbc.queryForObject("SELECT count(*) FROM conversations WHERE tenant_id = ? "
                + "AND resolved_at IS NULL AND closed_at IS NULL AND last_activity_at >= ? "
                + "AND (session_completed_at IS NULL OR session_completed_at < last_activity_at)", Long.class,
                tenant.id(), activeSince));
        ObjectNode previous = json.createObjectNode();
        messages(tenant, now.minus(Duration.ofHours(1)), now, out);
        messages(tenant, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), previous);
        out.put("successRate", successRate(tenant, now.minus(Duration.ofDays(1)), now));
        previous.put("successRate", successRate(tenant, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
        jdbc.query("SELECT count(*), min(requested_at) FROM livechats WHERE tenant_id = ? AND status = 'waiting' "
                + "AND requested_at >= ?", rs -> {
            out.put("livechatWaiting", rs.getLong(1));
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            if (oldest == null) out.putNull("longestWaitMs");
            else out.put("longestWaitMs", Duration.between(oldest.toInstant(), now).toMillis());
        }, tenant.id(), utc(now.minus(monitors.livechatExpiry(tenant))));
        out.put("agentsOnline", jdbc.queryForObject("""
                SELECT count(*) FROM (
                    SELECT staff_id, (array_agg(type ORDER BY ts DESC))[1] AS last_type,
                        (array_agg(metadata->>'status' ORDER BY ts DESC))[1] AS last_status
                    FROM events WHERE tenant_id = ? AND ts >= ? AND ts <= ? AND staff_id IS NOT NULL
                        AND type IN ('staff.login', 'staff.logout', 'staff.status_changed')
                    GROUP BY staff_id) s
                WHERE last_type <> 'staff.logout' AND COALESCE(last_status, 'available') <> 'offline'
                """, Long.class, tenant.id(), utc(now.minus(Duration.ofDays(1))), utc(now)));
        out.put("livechatMissedLast30m", jdbc.queryForObject(
                "SELECT count(*) FROM livechats WHERE tenant_id = ? AND missed_at >= ? AND missed_at <= ?", Long.class,
                tenant.id(), utc(now.minus(Duration.ofMinutes(30))), utc(now)));
        out.set("previous", previous);
        var loads = out.putArray("loading");
        for (Loading.Progress p : loading.of(tenant.id())) {
            loads.addObject().put("what", p.what()).put("unit", p.unit()).put("done", p.done()).put("total", p.total())
                    .put("percent", p.percent());
        }
        return out;
    }

    private void messages(Tenant tenant, Instant from, Instant to, ObjectNode into) {
        jdbc.query("SELECT count(*) FILTER (WHERE type = 'message.received'), count(*) FILTER (WHERE type = 'message.sent'), "
                + "(SELECT avg(duration_ms) FROM response_samples WHERE tenant_id = ? AND ts >= ? AND ts <= ?) "
                + "FROM events WHERE tenant_id = ? AND ts >= ? AND ts <= ?", rs -> {
                    into.put("inboundLastHour", rs.getLong(1));
                    into.put("outboundLastHour", rs.getLong(2));
                    into.put("messagesLastHour", rs.getLong(1) + rs.getLong(2));
                    Object avg = rs.getObject(3);
                    if (avg == null) into.putNull("avgResponseTimeMs");
                    else into.put("avgResponseTimeMs", Math.round(((Number) avg).doubleValue()));
                }, tenant.id(), utc(from), utc(to), tenant.id(), utc(from), utc(to));
    }

    /** 1 - failed / sent over [from, to], or null when nothing was sent. */
    private Double successRate(Tenant tenant, Instant from, Instant to) {
        return jdbc.queryForObject("SELECT count(*) FILTER (WHERE type = 'message.sent'), "
                + "count(*) FILTER (WHERE type = 'message.failed') FROM events WHERE tenant_id = ? AND ts >= ? AND ts <= ? "
                + "AND type IN ('message.sent', 'message.failed')", (rs, i) -> {
                    long sent = rs.getLong(1);
                    return sent == 0 ? null : ApiNumbers.fraction(1.0 - (double) rs.getLong(2) / sent);
                }, tenant.id(), utc(from), utc(to));
    }

    /** The feed's latest conversations by last activity, newest first, as {@code /api/analytics/conversations}. */
    List<ObjectNode> feed(String tenantId) {
        return jdbc.query("""
                SELECT conversation_id, channel, bot_id, user_id, started_at, last_activity_at, messages_in + messages_out,
                    resolved_at, closed_at, escalated_at
                FROM conversations WHERE tenant_id = ? ORDER BY last_activity_at DESC, conversation_id LIMIT ?
                """, (rs, i) -> {
                    ObjectNode item = json.createObjectNode();
                    item.put("id", rs.getString(1));
                    item.put("channel", rs.getString(2));
                    item.put("botId", rs.getString(3));
                    item.put("userId", rs.getString(4));
                    item.put("status", rs.getObject(8) != null ? "resolved" : rs.getObject(9) != null ? "closed"
                            : rs.getObject(10) != null ? "escalated" : "active");
                    item.put("startedAt", rs.getObject(5, OffsetDateTime.class).toInstant().toString());
                    item.put("lastActivityAt", rs.getObject(6, OffsetDateTime.class).toInstant().toString());
                    item.put("messageCount", rs.getLong(7));
                    return item;
                }, tenantId, FEED_SIZE);
    }

    /**
     * Live-chat requests still waiting (within the tenant's expiry, as {@link #metrics}) or requested, accepted,
     * missed or ended within the window, in the order they last moved.
     */
    List<LiveChat> livechats(Tenant tenant, Duration window) {
        Instant now = clock.instant();
        OffsetDateTime since = utc(now.minus(window));
        OffsetDateTime expired = utc(now.minus(monitors.livechatExpiry(tenant)));
        return jdbc.query("""
                SELECT request_id, conversation_id, bot_id, channel, group_id, staff_id, requested_at, accepted_at,
                    missed_at, ended_at, wait_ms, duration_ms, status
                FROM livechats WHERE tenant_id = ? AND (status <> 'waiting' OR requested_at >= ?)
                    AND (status = 'waiting' OR requested_at >= ? OR accepted_at >= ? OR missed_at >= ? OR ended_at >= ?)
                ORDER BY COALESCE(ended_at, missed_at, accepted_at, requested_at), request_id
                """, (rs, i) -> new LiveChat(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs.getObject(7, OffsetDateTime.class)),
                instant(rs.getObject(8, OffsetDateTime.class)), instant(rs.getObject(9, OffsetDateTime.class)),
                instant(rs.getObject(10, OffsetDateTime.class)), (Long) rs.getObject(11, Long.class),
                (Long) rs.getObject(12, Long.class), rs.getString(13)), tenant.id(), expired, since, since, since, since);
    }

    /** One live-chat request as its facts stand. */
    record LiveChat(String requestId, String conversationId, String botId, String channel, String groupId,
            String staffId, Instant requestedAt, Instant acceptedAt, Instant missedAt, Instant endedAt, Long waitMs,
            Long durationMs, String status) {

        /** The push this status calls for: requested, accepted, missed or ended; null for a status unknown here. */
        String event() {
            return switch (status) {
                case "waiting" -> "requested";
                case "accepted", "missed", "ended" -> status;
                default -> null;
            };
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
