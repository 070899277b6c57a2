package dev.convolens.query;

import dev.convolens.loading.Loading;
import dev.convolens.monitor.Monitors;
import dev.convolens.system.ApiNumbers;
import dev.convolens.system.ApiException;
import dev.convolens.system.Csv;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What is happening now (seed 002's realtime route) and the conversation feed, both read from the facts the updater
 * keeps current, so they move within a second of an ingest.
 */
@RestController
class RealtimeController {
    static final int MAX_FEED = 100;

    private final JdbcTemplate jdbc;
    private final TenantService tenants;
    private final LiveNumbers live;
    private final Clock clock;
    private final Monitors monitors;
    private final Loading loading;

    RealtimeController(JdbcTemplate jdbc, TenantService tenants, LiveNumbers live, Clock clock, Monitors monitors,
            Loading loading) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.live = live;
        this.clock = clock;
        this.monitors = monitors;
        this.loading = loading;
    }

    /**
     * @return active conversations (open, active within the session timeout), messages of the last hour, their
     *     average response time, the last 24 hours' success rate, live chats waiting (within the tenant's expiry) and
     *     the longest wait, agents online, and what is still being loaded ({@code loading}, empty when nothing)
     */
    @GetMapping("/api/analytics/realtime")
    Map<String, Object> realtime(Caller caller, @RequestParam(required = false) String tenantId) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        Instant now = clock.instant();
        OffsetDateTime hourAgo = utc(now.minus(Duration.ofHours(1)));
        OffsetDateTime dayAgo = utc(now.minus(Duration.ofDays(1)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenantId", tenant.id());
        out.put("asOf", now.toString());
        out.put("activeConversations", live.activeConversations(tenant, now));
        jdbc.query("SELECT count(*) FILTER (WHERE type = 'message.received'), count(*) FILTER (WHERE type = 'message.sent'), "
                + "(SELECT avg(duration_ms) FROM response_samples WHERE tenant_id = ? AND ts >= ? AND ts <= ?) "
                + "FROM events WHERE tenant_id = ? AND ts >= ? AND ts <= ?", rs -> {
                    out.put("inboundLastHour", rs.getLong(1));
                    out.put("outboundLastHour", rs.getLong(2));
                    out.put("messagesLastHour", rs.getLong(1) + rs.getLong(2));
                    out.put("avgResponseTimeMs", rounded(rs.getObject(3)));
                }, tenant.id(), hourAgo, utc(now), tenant.id(), hourAgo, utc(now));
        jdbc.query("SELECT count(*) FILTER (WHERE type = 'message.sent'), count(*) FILTER (WHERE type = 'message.failed') "
                + "FROM events WHERE tenant_id = ? AND ts >= ? AND ts <= ? AND type IN ('message.sent', 'message.failed')", rs -> {
                    long sent = rs.getLong(1);
                    out.put("successRate", sent == 0 ? null : ApiNumbers.fraction(1.0 - (double) rs.getLong(2) / sent));
                }, tenant.id(), dayAgo, utc(now));
        // a request waiting past the expiry is a miss the monitor has yet to store (or the edge of a history being
        // loaded, whose answer is still coming): not a wait that can be true
        jdbc.query("SELECT count(*), min(requested_at) FROM livechats WHERE tenant_id = ? AND status = 'waiting' "
                + "AND requested_at >= ?", rs -> {
            out.put("livechatWaiting", rs.getLong(1));
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            out.put("longestWaitMs", oldest == null ? null : Duration.between(oldest.toInstant(), now).toMillis());
        }, tenant.id(), utc(now.minus(monitors.livechatExpiry(tenant))));
        out.put("agentsOnline", live.staffOnline(tenant, now));
        List<Map<String, Object>> loads = new ArrayList<>();
        for (Loading.Progress p : loading.of(tenant.id())) {
            Map<String, Object> load = new LinkedHashMap<>();
            load.put("what", p.what());
            load.put("unit", p.unit());
            load.put("done", p.done());
            load.put("total", p.total());
            load.put("percent", p.percent());
            loads.add(load);
        }
        out.put("loading", loads);
        return out;
    }

    /** The latest conversations by last activity, with their status: active, escalated, resolved or closed. */
    @GetMapping("/api/analytics/conversations")
    ResponseEntity<?> conversations(Caller caller, @RequestParam(required = false) String tenantId,
            @RequestParam(defaultValue = "10") int limit, @RequestParam(required = false) String format) {
        Tenant tenant = ReadAccess.tenant(caller, tenantId, tenants);
        if (limit < 1 || limit > MAX_FEED) throw ApiException.badRequest("limit", "limit must be from 1 to " + MAX_FEED);
        List<Map<String, Object>> feed = jdbc.query("""
                SELECT conversation_id, channel, bot_id, user_id, started_at, last_activity_at, messages_in + messages_out,
                    resolved_at, closed_at, escalated_at
                FROM conversations WHERE tenant_id = ? ORDER BY last_activity_at DESC, conversation_id LIMIT ?
                """, (rs, i) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
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
                }, tenant.id(), limit);
        if (!Params.isCsv(format)) return ResponseEntity.ok(feed);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("id", "channel", "botId", "userId", "status", "startedAt", "lastActivityAt", "messageCount"));
        for (Map<String, Object> item : feed) rows.add(new ArrayList<>(item.values()));
        return Csv.response("conversations.csv", rows);
    }

    private static Long rounded(Object average) {
        return average == null ? null : Math.round(((Number) average).doubleValue());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
