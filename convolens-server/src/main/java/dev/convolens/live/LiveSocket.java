package dev.convolens.live;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connected dashboard or agent console: who it is (after authentication), which rooms it is in, and its outgoing
 * queue.
 *
 * <p>Writes run on the shared sender pool, one at a time per socket so that messages keep their order. Spring's
 * {@code ConcurrentWebSocketSessionDecorator} enforces the same two limits, but makes whichever caller finds the socket
 * idle do the blocking write: that caller would be the publisher, and one stalled client would hold up every other
 * socket's pushes. Here the publisher only queues; a socket whose queue passes {@code bufferLimit} bytes, or whose
 * current write has been blocked longer than {@code sendTimeLimit}, is dropped (close code 4500) and the client may
 * reconnect.
 */
final class LiveSocket {
    /** Close code for a client too slow to keep up, as Spring's session decorator uses. */
    static final CloseStatus TOO_SLOW = CloseStatus.SESSION_NOT_RELIABLE.withReason("too slow to keep up");
    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

    enum LivechatScope {
        /** every live-chat event of the tenant (a manager's dashboard) */
        ALL,
        /** only those of the socket's group rooms and personal room (an agent console) */
        ROOMS
    }

    private final WebSocketSession session;
    private final Executor senders;
    private final Clock clock;
    private final long bufferLimit;
    private final long sendTimeLimitMillis;
    private final long connectedAt;
    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile long writingSince;
    private volatile boolean closed;
    /** set by {@link #finish}: close with this once the queue is written */
    private volatile CloseStatus closing;

    // set once by authentication, on the socket's own message thread, before the socket joins any room
    private volatile String tenantId;
    private volatile String staffId;
    private volatile String key;
    private volatile LivechatScope livechatScope = LivechatScope.ALL;
    private final Set<String> groups = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile long lastHeartbeat;

    LiveSocket(WebSocketSession session, Executor senders, Clock clock, long bufferLimit, long sendTimeLimitMillis) {
        this.session = session;
        this.senders = senders;
        this.clock = clock;
        this.bufferLimit = bufferLimit;
        this.sendTimeLimitMillis = sendTimeLimitMillis;
        this.connectedAt = clock.millis();
        this.lastHeartbeat = connectedAt;
    }

    String id() {
        return session.getId();
    }

    /** Queues a message; never blocks. */
    void send(String json) {
        if (closing != null) return;
        enqueue(json);
    }

    /** Queues a last message (an error), then closes: the client reads why before the close. */
    void finish(String json, CloseStatus status) {
        if (closing != null) return;
        closing = status;
        enqueue(json);
    }

    private void enqueue(String json) {
        if (closed) return;
        long since = writingSince;
        if (since != 0 && clock.millis() - since > sendTimeLimitMillis) {
            drop("a write blocked for more than " + sendTimeLimitMillis + " ms");
            return;
        }
        if (queuedBytes.addAndGet(json.length()) > bufferLimit) {
            drop("more than " + bufferLimit + " bytes waiting to be sent");
            return;
        }
        outbox.add(json);
        if (draining.compareAndSet(false, true)) {
            try {
                senders.execute(this::drain);
            } catch (RuntimeException rejected) {
                draining.set(false);
                drop("no sender available");
            }
        }
    }

    private void drain() {
        while (true) {
            String next = outbox.poll();
            if (next == null) {
                CloseStatus finish = closing;
                if (finish != null) {
                    close(finish);
                    return;
                }
                draining.set(false);
                // a message queued after the poll but before the flag was cleared would otherwise wait forever
                if (outbox.isEmpty() || !draining.compareAndSet(false, true)) return;
                continue;
            }
            queuedBytes.addAndGet(-next.length());
            if (closed) continue;
            writingSince = Math.max(1, clock.millis());
            try {
                session.sendMessage(new TextMessage(next));
            } catch (IOException | RuntimeException e) {
                if (session.isOpen()) drop("the write failed: " + e.getMessage());
                else closed = true; // the client left; nothing to report
            } finally {
                writingSince = 0;
            }
        }
    }

    private void drop(String why) {
        if (closed) return;
        log.info("dropping live socket {} of tenant {}: {}", id(), tenantId, why);
        close(TOO_SLOW);
    }

    void close(CloseStatus status) {
        closed = true;
        outbox.clear();
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            // the peer is gone already
        }
    }

    boolean isOpen() {
        return !closed && session.isOpen();
    }

    void authenticated(String tenantId, String key, String staffId, LivechatScope scope, List<String> groups) {
        this.tenantId = tenantId;
        this.key = key;
        this.staffId = staffId;
        this.livechatScope = scope;
        this.groups.addAll(groups);
    }

    boolean isAuthenticated() {
        return tenantId != null;
    }

    String tenantId() {
        return tenantId;
    }

    String staffId() {
        return staffId;
    }

    /** The secret, kept only in memory to re-check it at each heartbeat; never logged. */
    String key() {
        return key;
    }

    LivechatScope livechatScope() {
        return livechatScope;
    }

    /** In the order joined. */
    List<String> groups() {
        synchronized (groups) {
            return List.copyOf(groups);
        }
    }

    boolean join(String group) {
        return groups.add(group);
    }

    boolean leave(String group) {
        return groups.remove(group);
    }

    boolean inGroup(String group) {
        return group != null && groups.contains(group);
    }

    long connectedAt() {
        return connectedAt;
    }

    long lastHeartbeat() {
        return lastHeartbeat;
    }

    void heartbeatAt(long millis) {
        lastHeartbeat = millis;
    }

    /** The rooms this socket is in, as the client is told: tenant, personal, group:&lt;id&gt;... */
    List<String> rooms() {
        List<String> rooms = new ArrayList<>();
        rooms.add("tenant");
        rooms.add("personal");
        for (String g : groups()) rooms.add("group:" + g);
        return rooms;
    }
}
