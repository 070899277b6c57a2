package dev.convolens.query;

import dev.convolens.event.Event;
import dev.convolens.event.EventType;
import dev.convolens.storage.EventQuery;
import dev.convolens.storage.EventStore;
import dev.convolens.system.ApiException;
import dev.convolens.system.Csv;
import dev.convolens.tenant.Caller;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.TenantService;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The raw-event explorer, {@code GET /api/events}: one tenant's events, newest first, as stored; {@code from}/{@code to}
 * are local dates of the tenant ({@code to} includes that day) or instants, as on every analytics route.
 */
@RestController
class EventController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventStore events;
    private final TenantService tenants;

    EventController(EventStore events, TenantService tenants) {
        this.events = events;
        this.tenants = tenants;
    }

    @GetMapping("/api/events")
    ResponseEntity<?> find(Caller caller, @RequestParam(required = false) String tenantId,
            @RequestParam(required = false) String conversationId, @RequestParam(required = false) String type,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
            @RequestParam(required = false) String format) {
        caller.require(Scope.READ);
        String tenant = caller.tenantFor(tenantId);
        ZoneId zone = tenants.get(tenant).timezone();
        if (type != null && EventType.fromWireName(type).isEmpty()) {
            throw ApiException.badRequest("type", "unknown event type '" + type + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be from 1 to " + MAX_LIMIT);
        }
        Instant fromInstant = QueryRange.bound("from", from, zone, false);
        Instant toInstant = QueryRange.bound("to", to, zone, true);
        List<Event> found = events.find(tenant, new EventQuery(conversationId, type, fromInstant, toInstant, limit));
        if (Params.isCsv(format)) return Csv.response("events.csv", csv(found));
        return ResponseEntity.ok(found.stream().map(EventView::of).toList());
    }

    private static List<List<Object>> csv(List<Event> found) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("id", "type", "timestamp", "receivedAt", "botId", "channel", "conversationId", "sessionId",
                "userId", "staffId", "groupId", "taskId", "intent", "value", "durationMs", "metadata"));
        for (Event e : found) {
            rows.add(java.util.Arrays.asList(e.id(), e.type(), e.timestamp(), e.receivedAt(), e.botId(), e.channel(),
                    e.conversationId(), e.sessionId(), e.userId(), e.staffId(), e.groupId(), e.taskId(), e.intent(),
                    e.value(), e.durationMs(), e.metadata()));
        }
        return rows;
    }
}
