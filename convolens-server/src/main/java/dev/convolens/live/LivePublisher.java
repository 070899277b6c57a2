package dev.convolens.live;

import dev.convolens.loading.Loading;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The receiving half of live updates: for each tenant watched on this instance, turns announced changes into
 * {@code metrics}, {@code conversation} and {@code livechat} pushes, at most once per {@code metricsInterval}, built
 * once and queued to every socket of the tenant, and fresh {@code metrics} when a load of the tenant's data begins,
 * moves or ends (see {@link Loading}). A new socket gets the current state at once.
 *
 * <p>All tenant state lives on one thread, so a greeting and a push of the same tenant never interleave: a socket
 * sees its snapshot, then only changes after it.
 */
@Component
class LivePublisher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LivePublisher.class);
    /** Answered or missed requests a new socket is shown, besides those still waiting. */
    static final int SNAPSHOT_ACTIVITY = 25;

    private final Rooms rooms;
    private final LiveReads reads;
    private final TenantService tenants;
    private final JsonMapper json;
    private final Clock clock;
    private final LiveProperties properties;
    private final Map<String, TenantFeed> feeds = new HashMap<>();
    private ScheduledExecutorService loop;

    /** What this instance last pushed to one tenant's sockets, to push only what changed. */
    private static final class TenantFeed {
        final Throttle throttle;
        String metrics;
        long metricsAt;
        /** newest first, id → the item's JSON */
        Map<String, String> items = new LinkedHashMap<>();
        /** request id → status, for requests in the live-chat window */
        Map<String, String> livechats = new HashMap<>();

        TenantFeed(long gapMillis) {
            throttle = new Throttle(gapMillis);
        }
    }

    LivePublisher(Rooms rooms, LiveReads reads, TenantService tenants, JsonMapper json, Clock clock,
            LiveProperties properties, ChangeBus bus, Loading loading) {
        this.rooms = rooms;
        this.reads = reads;
        this.tenants = tenants;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        bus.subscribe(this::changed);
        loading.onChange(tenantId -> {
            if (tenantId == null) refreshAll();
            else if (rooms.watched(tenantId)) run(() -> schedule(tenantId));
        });
        if (bus instanceof PostgresChangeBus postgres) postgres.onReconnect(this::refreshAll);
    }

    /**
     * An authenticated socket joins its rooms and is greeted with the tenant's current state, both on the publisher's
     * thread, so that no push can reach it before its {@code hello}.
     */
    void joined(LiveSocket socket) {
        run(() -> {
            rooms.add(socket);
            // a socket closed meanwhile was already forgotten by the handler: do not leave it in its room
            if (!socket.isOpen()) {
                rooms.remove(socket);
                return;
            }
            greet(socket);
        });
    }

    void left(LiveSocket socket) {
        run(() -> {
            if (!rooms.watched(socket.tenantId())) feeds.remove(socket.tenantId());
        });
    }

    void changed(TenantChange change) {
        if (!rooms.watched(change.tenantId())) return;
        run(() -> schedule(change.tenantId()));
    }

    /** Changes may have been missed (the bus reconnected): push every watched tenant's current state. */
    void refreshAll() {
        run(() -> new ArrayList<>(feeds.keySet()).forEach(this::schedule));
    }

    private void schedule(String tenantId) {
        TenantFeed feed = feeds.get(tenantId);
        if (feed == null) return;
        long wait = feed.throttle.changed(clock.millis());
        if (wait == Throttle.ALREADY_WAITING) return;
        if (wait == 0) push(tenantId, feed);
        else loop.schedule(() -> guarded(() -> {
            TenantFeed current = feeds.get(tenantId);
            if (current == feed) push(tenantId, feed);
        }), wait, TimeUnit.MILLISECONDS);
    }

    private void greet(LiveSocket socket) {
        String tenantId = socket.tenantId();
        Optional<Tenant> tenant = tenants.find(tenantId);
        if (tenant.isEmpty()) return;
        List<LiveReads.LiveChat> chats = reads.livechats(tenant.get(), properties.livechatWindow());
        TenantFeed feed = feeds.get(tenantId);
        if (feed == null) {
            feed = new TenantFeed(properties.metricsInterval().toMillis());
            feed.items = items(reads.feed(tenantId));
            feed.livechats = statuses(chats);
            feeds.put(tenantId, feed);
        }
        ObjectNode hello = message("hello");
        hello.put("socketId", socket.id());
        hello.put("tenantId", tenantId);
        hello.put("tenantName", tenant.get().name());
        hello.put("timezone", tenant.get().timezone().getId());
        hello.put("metricsInterval", properties.metricsInterval().toMillis());
        var roomList = hello.putArray("rooms");
        socket.rooms().forEach(roomList::add);
        socket.send(hello.toString());
        long now = clock.millis();
        if (feed.metrics == null || now - feed.metricsAt >= properties.metricsInterval().toMillis()) {
            feed.metrics = metricsMessage(tenant.get());
            feed.metricsAt = now;
        }
        socket.send(feed.metrics);
        List<String> oldestFirst = new ArrayList<>(feed.items.values());
        Collections.reverse(oldestFirst);
        for (String item : oldestFirst) socket.send(conversationMessage(item, true));
        // every request still waiting (the queue), and the latest others (recent activity)
        int others = (int) chats.stream().filter(c -> c.event() != null && !"waiting".equals(c.status())).count();
        for (LiveReads.LiveChat chat : chats) {
            if (chat.event() == null) continue;
            if (!"waiting".equals(chat.status()) && others-- > SNAPSHOT_ACTIVITY) continue;
            String room = Rooms.livechatRoom(socket, chat.groupId(), chat.staffId());
            if (room != null) socket.send(livechatMessage(chat, room, true));
        }
    }

    private void push(String tenantId, TenantFeed feed) {
        feed.throttle.pushed(clock.millis());
        Optional<Tenant> tenant = tenants.find(tenantId);
        if (tenant.isEmpty()) return;
        List<String> out = new ArrayList<>();
        feed.metrics = metricsMessage(tenant.get());
        feed.metricsAt = clock.millis();
        out.add(feed.metrics);

        Map<String, String> latest = items(reads.feed(tenantId));
        List<String> changed = new ArrayList<>();
        latest.forEach((id, item) -> {
            if (!item.equals(feed.items.get(id))) changed.add(conversationMessage(item, false));
        });
        Collections.reverse(changed);
        out.addAll(changed);
        feed.items = latest;

        List<LiveReads.LiveChat> chats = reads.livechats(tenant.get(), properties.livechatWindow());
        List<LiveReads.LiveChat> moved = new ArrayList<>();
        for (LiveReads.LiveChat chat : chats) {
            if (chat.event() != null && !chat.status().equals(feed.livechats.get(chat.requestId()))) moved.add(chat);
        }
        feed.livechats = statuses(chats);

        for (LiveSocket socket : rooms.tenant(tenantId)) {
            out.forEach(socket::send);
            for (LiveReads.LiveChat chat : moved) {
                String room = Rooms.livechatRoom(socket, chat.groupId(), chat.staffId());
                if (room != null) socket.send(livechatMessage(chat, room, false));
            }
        }
    }

    /** Sockets of tenants without events get fresh numbers now and then: windows such as "last hour" slide. */
    private void refreshIdle() {
        long now = clock.millis();
        long heartbeat = properties.heartbeat().toMillis();
        feeds.forEach((tenantId, feed) -> {
            if (now - feed.throttle.lastPush() >= heartbeat && now - feed.metricsAt >= heartbeat) schedule(tenantId);
        });
    }

    private Map<String, String> items(List<ObjectNode> feed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ObjectNode item : feed) out.put(item.get("id").asString(), item.toString());
        return out;
    }

    private static Map<String, String> statuses(List<LiveReads.LiveChat> chats) {
        Map<String, String> out = new HashMap<>();
        for (LiveReads.LiveChat c : chats) out.put(c.requestId(), c.status());
        return out;
    }

    private ObjectNode message(String type) {
        ObjectNode m = json.createObjectNode();
        m.put("type", type);
        return m;
    }

    private String metricsMessage(Tenant tenant) {
        ObjectNode m = message("metrics");
        m.set("data", reads.metrics(tenant));
        return m.toString();
    }

    private String conversationMessage(String item, boolean snapshot) {
        return "{\"type\":\"conversation\",\"snapshot\":" + snapshot + ",\"data\":" + item + "}";
    }

    private String livechatMessage(LiveReads.LiveChat chat, String room, boolean snapshot) {
        ObjectNode m = message("livechat");
        m.put("event", chat.event());
        m.put("room", room);
        m.put("snapshot", snapshot);
        ObjectNode d = m.putObject("data");
        d.put("requestId", chat.requestId());
        d.put("conversationId", chat.conversationId());
        d.put("botId", chat.botId());
        d.put("channel", chat.channel());
        d.put("groupId", chat.groupId());
        d.put("staffId", chat.staffId());
        d.put("status", chat.status());
        d.put("requestedAt", chat.requestedAt() == null ? null : chat.requestedAt().toString());
        d.put("acceptedAt", chat.acceptedAt() == null ? null : chat.acceptedAt().toString());
        d.put("missedAt", chat.missedAt() == null ? null : chat.missedAt().toString());
        d.put("endedAt", chat.endedAt() == null ? null : chat.endedAt().toString());
        d.put("waitMs", chat.waitMs());
        d.put("durationMs", chat.durationMs());
        return m.toString();
    }

    private void run(Runnable task) {
        ScheduledExecutorService l = loop;
        if (l == null || l.isShutdown()) return;
        try {
            l.execute(() -> guarded(task));
        } catch (RejectedExecutionException stopping) {
            // shutting down
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("a live push failed", e);
        }
    }

    @Override
    public void start() {
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "convolens-live-publish");
            t.setDaemon(true);
            return t;
        });
        long ms = properties.heartbeat().toMillis();
        loop.scheduleWithFixedDelay(() -> guarded(this::refreshIdle), ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        loop.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isShutdown();
    }
}
