package dev.convolens.monitor;

import dev.convolens.ingest.IngestResult;
import dev.convolens.ingest.IngestService;
import dev.convolens.loading.Loading;
import dev.convolens.rollup.ClusterLock;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SPEC §6: the live-chat expiry monitor (seed 004) and the session closer (seed 000). Both store ordinary events
 * through the ingest path, with ids derived from what they close, so several instances or a re-run after a restart
 * store each close exactly once.
 */
@Component
public class Monitors implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Monitors.class);

    private final JdbcTemplate jdbc;
    private final TenantService tenants;
    private final IngestService ingest;
    private final JsonMapper json;
    private final Clock clock;
    private final MonitorProperties properties;
    private final ClusterLock lock;
    private final Loading loading;
    private ScheduledExecutorService scheduler;

    Monitors(JdbcTemplate jdbc, TenantService tenants, IngestService ingest, JsonMapper json, Clock clock,
            MonitorProperties properties, ClusterLock lock, Loading loading) {
        this.lock = lock;
        this.loading = loading;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.ingest = ingest;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * How long a live-chat request of this tenant may wait before it counts as missed: a request waiting longer is
     * not waiting any more, whether or not this monitor has stored its miss yet.
     */
    public Duration livechatExpiry(Tenant tenant) {
        return tenant.settings().livechatExpirySeconds() == null ? properties.livechatExpiryFallback()
                : Duration.ofSeconds(tenant.settings().livechatExpirySeconds());
    }

    /**
     * Marks every request still waiting past its tenant's expiry as missed; answers how many were newly missed. A
     * tenant whose data is being loaded is left for a later run: the answer to a request at the edge of a history
     * being loaded is still on its way, and storing a miss for it would count an answered chat as missed too.
     */
    public int expireLiveChats() {
        Instant now = clock.instant();
        int missed = 0;
        for (Tenant tenant : tenants.list()) {
            if (loading.unsettled(tenant.id())) continue;
            Duration expiry = livechatExpiry(tenant);
            List<JsonNode> events = new ArrayList<>();
            jdbc.query("SELECT request_id, conversation_id, requested_at, bot_id, channel, group_id FROM livechats "
                    + "WHERE tenant_id = ? AND status = 'waiting' AND requested_at < ?", rs -> {
                        Instant requested = rs.getObject(3, OffsetDateTime.class).toInstant();
                        ObjectNode e = event("livechat-missed:" + rs.getString(1), "livechat.missed",
                                requested.plus(expiry).isAfter(now) ? now : requested.plus(expiry));
                        put(e, "conversationId", rs.getString(2));
                        put(e, "botId", rs.getString(4));
                        put(e, "channel", rs.getString(5));
                        put(e, "groupId", rs.getString(6));
                        e.putObject("metadata").put("requestId", rs.getString(1)).put("reason", "expired")
                                .put("expirySeconds", expiry.toSeconds());
                        events.add(e);
                    }, tenant.id(), now.minus(expiry).atOffset(ZoneOffset.UTC));
            missed += store(tenant, events);
        }
        return missed;
    }

    /**
     * Completes the session of every open conversation idle for its tenant's session timeout; answers how many. A
     * tenant whose data is being loaded waits, as for {@link #expireLiveChats}: its conversations' next events may
     * still be coming.
     */
    public int closeIdleSessions() {
        Instant now = clock.instant();
        int closed = 0;
        for (Tenant tenant : tenants.list()) {
            if (loading.unsettled(tenant.id())) continue;
            Duration timeout = Duration.ofMinutes(tenant.settings().sessionTimeoutMinutes());
            List<JsonNode> events = new ArrayList<>();
            jdbc.query("SELECT conversation_id, last_activity_at, bot_id, channel, user_id FROM conversations "
                    + "WHERE tenant_id = ? AND resolved_at IS NULL AND closed_at IS NULL AND last_activity_at < ? "
                    + "AND (session_completed_at IS NULL OR session_completed_at < last_activity_at)", rs -> {
                        Instant last = rs.getObject(2, OffsetDateTime.class).toInstant();
                        ObjectNode e = event("session-completed:" + rs.getString(1) + ":" + last.toEpochMilli(),
                                "session.completed", last.plus(timeout));
                        put(e, "conversationId", rs.getString(1));
                        put(e, "sessionId", rs.getString(1));
                        put(e, "botId", rs.getString(3));
                        put(e, "channel", rs.getString(4));
                        put(e, "userId", rs.getString(5));
                        e.putObject("metadata").put("reason", "inactivity").put("timeoutMinutes", timeout.toMinutes());
                        events.add(e);
                    }, tenant.id(), now.minus(timeout).atOffset(ZoneOffset.UTC));
            closed += store(tenant, events);
        }
        return closed;
    }

    private int store(Tenant tenant, List<JsonNode> events) {
        if (events.isEmpty()) return 0;
        IngestResult r = ingest.ingest(tenant.id(), events, List.of());
        if (!r.rejected().isEmpty()) log.warn("tenant {}: monitor events rejected: {}", tenant.id(), r.rejected());
        return r.accepted();
    }

    private ObjectNode event(String id, String type, Instant timestamp) {
        ObjectNode e = json.createObjectNode();
        e.put("id", id).put("type", type).put("timestamp", timestamp.toString());
        return e;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) node.put(field, value);
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitors");
            t.setDaemon(true);
            return t;
        });
        if (!properties.enabled()) return;
        schedule("livechat_monitor", this::expireLiveChats, properties.livechatInterval());
        schedule("session_closer", this::closeIdleSessions, properties.sessionInterval());
    }

    /** Once per cluster: the instance holding the lock runs it, the others skip this turn. */
    private void schedule(String name, java.util.function.IntSupplier task, Duration every) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                lock.runExclusively(name, every.dividedBy(2), task::getAsInt);
            } catch (RuntimeException e) {
                log.error("monitor run failed; the next run retries", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
