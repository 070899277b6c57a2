package dev.convolens.live;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Seed 004's room model on one instance: every authenticated socket is in its tenant's room and its personal room,
 * and in the group rooms it asked for. A push names the rooms it is for; each socket gets it at most once, tagged with
 * the most specific room that matched (personal, then group, then tenant).
 */
@Component
class Rooms {
    private final Map<String, Set<LiveSocket>> byTenant = new ConcurrentHashMap<>();

    void add(LiveSocket socket) {
        byTenant.computeIfAbsent(socket.tenantId(), t -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void remove(LiveSocket socket) {
        if (socket.tenantId() == null) return;
        byTenant.computeIfPresent(socket.tenantId(), (t, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    /** Whether any socket on this instance watches the tenant. */
    boolean watched(String tenantId) {
        return byTenant.containsKey(tenantId);
    }

    /** The tenant room's members. */
    Set<LiveSocket> tenant(String tenantId) {
        return byTenant.getOrDefault(tenantId, Set.of());
    }

    Set<String> tenants() {
        return byTenant.keySet();
    }

    int size() {
        return byTenant.values().stream().mapToInt(Set::size).sum();
    }

    List<LiveSocket> all() {
        return byTenant.values().stream().flatMap(Set::stream).toList();
    }

    /**
     * The room through which a live-chat event for this group and agent reaches the socket: {@code personal} (it is
     * the agent's), {@code group:<id>}, {@code tenant}, or null when a rooms-only socket is in none of them.
     */
    static String livechatRoom(LiveSocket socket, String groupId, String staffId) {
        if (staffId != null && staffId.equals(socket.staffId())) return "personal";
        if (socket.inGroup(groupId)) return "group:" + groupId;
        return socket.livechatScope() == LiveSocket.LivechatScope.ALL ? "tenant" : null;
    }
}
