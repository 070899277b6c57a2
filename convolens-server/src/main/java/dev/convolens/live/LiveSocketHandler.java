package dev.convolens.live;

import dev.convolens.system.ApiException;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.TenantService;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /ws/live}: authenticates a socket with a read key (the {@code token} query parameter, or a first message
 * {@code {"type":"auth","token":…}} that keeps the key out of URLs and access logs), puts it in its rooms and hands it
 * to the publisher. Later messages join or leave group rooms. The key is never logged.
 */
class LiveSocketHandler extends TextWebSocketHandler {
    /** Tomcat's per-session limit on one blocking write; without it a stalled peer holds a sender for 20 s. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final Pattern ID = Pattern.compile("[^\\s]{1,256}");

    private final TenantService tenants;
    private final Rooms rooms;
    private final LivePublisher publisher;
    private final JsonMapper json;
    private final Clock clock;
    private final LiveProperties properties;
    private final ExecutorService senders;
    private final Map<String, LiveSocket> sockets = new ConcurrentHashMap<>();

    LiveSocketHandler(TenantService tenants, Rooms rooms, LivePublisher publisher, JsonMapper json, Clock clock,
            LiveProperties properties, ExecutorService senders) {
        this.tenants = tenants;
        this.rooms = rooms;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.senders = senders;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        if (session instanceof StandardWebSocketSession standard) {
            standard.getNativeSession().getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT,
                    properties.sendTimeLimit().toMillis());
        }
        LiveSocket socket = new LiveSocket(session, senders, clock, properties.sendBufferLimit().toBytes(),
                properties.sendTimeLimit().toMillis());
        sockets.put(session.getId(), socket);
        Map<String, String> query = query(session.getUri());
        if (query.containsKey("token")) {
            ObjectNode auth = json.createObjectNode();
            auth.put("token", query.get("token"));
            query.forEach((k, v) -> {
                if (k.equals("groups")) {
                    var groups = auth.putArray("groups");
                    Arrays.stream(v.split(",")).map(String::strip).filter(g -> !g.isEmpty()).forEach(groups::add);
                } else if (!k.equals("token")) {
                    auth.put(k, v);
                }
            });
            authenticate(socket, auth);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        LiveSocket socket = sockets.get(session.getId());
        if (socket == null) return;
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            error(socket, "bad_message", "messages are JSON objects such as {\"type\":\"auth\",\"token\":\"…\"}", false);
            return;
        }
        String type = body.path("type").asString("");
        if (!socket.isAuthenticated()) {
            if (type.equals("auth")) authenticate(socket, body);
            else error(socket, "unauthorized", "authenticate first: {\"type\":\"auth\",\"token\":\"<read key>\"}", true);
            return;
        }
        switch (type) {
            case "join", "leave" -> rooms(socket, type.equals("join"), body);
            case "ping" -> socket.send("{\"type\":\"pong\"}");
            case "auth" -> error(socket, "bad_message", "this socket is authenticated already", false);
            default -> error(socket, "bad_message", "unknown message type '" + abbreviate(type)
                    + "'; expected join, leave or ping", false);
        }
    }

    private void authenticate(LiveSocket socket, JsonNode auth) {
        String token = auth.path("token").asString("").strip();
        Optional<Caller> caller = token.isEmpty() ? Optional.empty() : tenants.authenticate(token);
        if (caller.isEmpty()) {
            error(socket, "unauthorized", "the key is missing, unknown or revoked", true);
            return;
        }
        String tenantId;
        try {
            caller.get().require(Scope.READ);
            tenantId = caller.get().tenantFor(text(auth, "tenantId"));
        } catch (ApiException e) {
            error(socket, e.status().value() == 403 ? "forbidden" : e.error(), e.getMessage(), true);
            return;
        }
        if (tenants.find(tenantId).isEmpty()) {
            error(socket, "not_found", "no tenant '" + abbreviate(tenantId) + "'", true);
            return;
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode g : auth.path("groups")) groups.add(g.asString(""));
        String staffId = text(auth, "staffId");
        String scope = Optional.ofNullable(text(auth, "livechat")).orElse("all");
        if (!groups.stream().allMatch(g -> ID.matcher(g).matches()) || groups.size() > properties.maxGroups()
                || (staffId != null && !ID.matcher(staffId).matches()) || !(scope.equals("all") || scope.equals("rooms"))) {
            error(socket, "bad_message", "groups: at most " + properties.maxGroups()
                    + " ids of 1-256 characters; staffId: one such id; livechat: all or rooms", true);
            return;
        }
        socket.authenticated(tenantId, token, staffId,
                scope.equals("rooms") ? LiveSocket.LivechatScope.ROOMS : LiveSocket.LivechatScope.ALL, groups);
        publisher.joined(socket);
    }

    private void rooms(LiveSocket socket, boolean join, JsonNode body) {
        List<String> groups = new ArrayList<>();
        for (JsonNode g : body.path("groups")) groups.add(g.asString(""));
        if (groups.isEmpty() || !groups.stream().allMatch(g -> ID.matcher(g).matches())) {
            error(socket, "bad_message", "groups must be a non-empty list of ids", false);
            return;
        }
        for (String g : groups) {
            if (!join) socket.leave(g);
            else if (socket.groups().size() < properties.maxGroups()) socket.join(g);
        }
        ObjectNode reply = json.createObjectNode();
        reply.put("type", "rooms");
        var list = reply.putArray("rooms");
        socket.rooms().forEach(list::add);
        socket.send(reply.toString());
    }

    /** Closes sockets that never authenticated, pings the others and closes those whose key was revoked. */
    void sweep() {
        long now = clock.millis();
        for (LiveSocket socket : sockets.values()) {
            if (!socket.isOpen()) {
                forget(socket);
            } else if (!socket.isAuthenticated()) {
                if (now - socket.connectedAt() > properties.authTimeout().toMillis()) {
                    error(socket, "unauthorized", "no authentication within " + properties.authTimeout().toSeconds()
                            + " s", true);
                }
            } else if (now - socket.lastHeartbeat() >= properties.heartbeat().toMillis()) {
                socket.heartbeatAt(now);
                if (tenants.authenticate(socket.key()).isEmpty()) {
                    error(socket, "unauthorized", "the key was revoked", true);
                } else {
                    socket.send("{\"type\":\"ping\"}");
                }
            }
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        LiveSocket socket = sockets.get(session.getId());
        if (socket != null) socket.close(CloseStatus.SERVER_ERROR);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        LiveSocket socket = sockets.remove(session.getId());
        if (socket != null) forget(socket);
    }

    private void forget(LiveSocket socket) {
        sockets.remove(socket.id());
        if (socket.isAuthenticated()) {
            rooms.remove(socket);
            publisher.left(socket);
        }
    }

    int open() {
        return sockets.size();
    }

    private void error(LiveSocket socket, String error, String detail, boolean close) {
        ObjectNode m = json.createObjectNode();
        m.put("type", "error");
        m.put("error", error);
        m.put("detail", detail);
        if (close) socket.finish(m.toString(), CloseStatus.POLICY_VIOLATION.withReason(error));
        else socket.send(m.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.asString("").strip();
        return s.isEmpty() ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (uri == null) return out;
        UriComponentsBuilder.fromUri(uri).build().getQueryParams().forEach((k, values) -> {
            if (!values.isEmpty() && values.get(0) != null) {
                out.put(k, URLDecoder.decode(values.get(0), StandardCharsets.UTF_8));
            }
        });
        return out;
    }
}
