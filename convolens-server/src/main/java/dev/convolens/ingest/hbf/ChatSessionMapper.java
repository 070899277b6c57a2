package dev.convolens.ingest.hbf;

import dev.convolens.event.Channel;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps an hbf ChatSession document (seed 003, SPEC §3.2) to canonical events. Every event id is derived from the
 * session and the part it comes from, so posting a session again as it grows adds only what is new, and a COMPLETE
 * status adds {@code session.completed} once. The field-by-field mapping is in the README.
 */
final class ChatSessionMapper {
    static final double LOW_CONFIDENCE = 0.5;

    private static final Map<String, Channel> PLATFORMS = Map.ofEntries(
            Map.entry("web", Channel.WEBCHAT), Map.entry("webchat", Channel.WEBCHAT), Map.entry("widget", Channel.WEBCHAT),
            Map.entry("facebook", Channel.MESSENGER), Map.entry("messenger", Channel.MESSENGER),
            Map.entry("whatsapp", Channel.WHATSAPP), Map.entry("telegram", Channel.TELEGRAM), Map.entry("sms", Channel.SMS),
            Map.entry("email", Channel.EMAIL), Map.entry("voice", Channel.VOICE), Map.entry("phone", Channel.VOICE));

    /** The events of one document, each with the path of the document part it came from, and the parts that map to none. */
    record Mapped(List<JsonNode> events, List<String> sources, List<Problem> problems) {}

    /** A part of the document that was skipped, and why. */
    record Problem(String field, String error) {}

    /** A document that cannot be mapped at all. */
    static final class Unmappable extends Exception {
        final String field;

        Unmappable(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private final JsonMapper json;

    ChatSessionMapper(JsonMapper json) {
        this.json = json;
    }

    Mapped map(JsonNode doc) throws Unmappable {
        if (doc == null || !doc.isObject()) throw new Unmappable("session", "a ChatSession must be a JSON object");
        String sessionId = text(doc, "_id");
        if (sessionId == null || sessionId.isBlank()) throw new Unmappable("_id", "_id is required");
        Session s = new Session(sessionId, doc);
        JsonNode meta = doc.path("metadata");
        s.botId = text(meta, "deploymentId");
        s.channel = channel(text(meta, "platformOrigin"));
        s.userId = text(doc, "subscriberHandle");
        s.tenantId = text(doc, "tenantId");

        String createdAt = text(doc, "createdAt");
        ObjectNode started = s.event("started", "session.started", createdAt, "createdAt");
        ObjectNode startedMeta = started.putObject("metadata");
        putText(startedMeta, "language", text(doc, "language"));
        putText(startedMeta, "deploymentName", text(meta, "deploymentName"));
        putText(startedMeta, "platformOrigin", text(meta, "platformOrigin"));

        JsonNode messages = doc.path("messages");
        String lastInboundAt = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String path = "messages[" + i + "]";
            String origin = upper(text(m, "origin"));
            // DataCollector records live chat when it is delivered to the user (ITC), not when it arrives (seed 000)
            if ("LIVECHAT".equals(origin)) continue;
            String mid = text(m, "_id");
            if (mid == null) mid = "i" + i;
            String at = text(m, "createdAt");
            String direction = upper(text(m, "direction"));
            if ("IN".equals(direction)) {
                s.event("m:" + mid, "message.received", at, path);
                lastInboundAt = at;
                String intent = text(m, "intent");
                if (intent != null) {
                    JsonNode confidence = m.get("confidence");
                    ObjectNode classified = s.event("m:" + mid + ":intent", "intent.classified", at, path + ".intent");
                    classified.put("intent", intent);
                    if (confidence != null && confidence.isNumber()) {
                        classified.put("value", confidence.asDouble());
                        if (confidence.asDouble() < LOW_CONFIDENCE) {
                            s.event("m:" + mid + ":low", "intent.confidence_low", at, path + ".confidence")
                                    .put("intent", intent).put("value", confidence.asDouble());
                        }
                    }
                }
            } else if ("OUT".equals(direction)) {
                s.event("m:" + mid, "message.sent", at, path);
                if ("AGENT".equals(origin)) s.event("m:" + mid + ":staff", "response.staff_sent", at, path);
                if ("BOT".equals(origin)) s.event("m:" + mid + ":ai", "response.ai_generated", at, path);
                Long waited = millisBetween(lastInboundAt, at);
                if (waited != null && waited >= 0) {
                    s.event("m:" + mid + ":rt", "response.time_recorded", at, path).put("durationMs", waited);
                }
                lastInboundAt = null;
            } else {
                s.invalid(path + ".direction", "direction must be IN or OUT, not " + text(m, "direction"));
            }
        }

        JsonNode surveys = doc.path("csatSurveys");
        for (int i = 0; i < surveys.size(); i++) {
            JsonNode c = surveys.get(i);
            String path = "csatSurveys[" + i + "]";
            ObjectNode rating = s.event("csat:" + i, "satisfaction.rating_received", text(c, "createdAt"), path);
            if (c.has("score")) rating.set("value", c.get("score"));
            String scale = text(c, "scale");
            rating.putObject("metadata").put("scale", scale == null ? "csat" : scale.toLowerCase(Locale.ROOT));
        }

        JsonNode chats = doc.path("liveChats");
        for (int i = 0; i < chats.size(); i++) {
            JsonNode lc = chats.get(i);
            String path = "liveChats[" + i + "]";
            String request = text(lc, "requestId");
            if (request == null) request = sessionId + ":" + i;
            String agent = text(lc, "agentId");
            String group = text(lc, "groupId");
            String requestedAt = text(lc, "requestedAt");
            // the request for a human is the bot-to-human handoff
            s.livechat(request, "escalated", "conversation.escalated", requestedAt, path + ".requestedAt", null, group);
            s.livechat(request, "requested", "livechat.requested", requestedAt, path + ".requestedAt", null, group);
            if (text(lc, "acceptedAt") != null) {
                s.livechat(request, "accepted", "livechat.accepted", text(lc, "acceptedAt"), path + ".acceptedAt", agent, group);
            }
            if (lc.path("missed").asBoolean(false)) {
                String at = text(lc, "endedAt") != null ? text(lc, "endedAt") : requestedAt;
                s.livechat(request, "missed", "livechat.missed", at, path + ".missed", agent, group);
            } else if (text(lc, "endedAt") != null) {
                s.livechat(request, "ended", "livechat.ended", text(lc, "endedAt"), path + ".endedAt", agent, group);
            }
        }

        if ("COMPLETE".equals(upper(text(doc, "status")))) {
            String at = text(doc, "updatedAt") != null ? text(doc, "updatedAt") : s.latestTimestamp();
            s.event("completed", "session.completed", at, "status");
        }
        return new Mapped(s.events, s.sources, s.problems);
    }

    /** Builds the session's events with the dimensions every one of them carries. */
    private final class Session {
        final String id;
        final JsonNode doc;
        String botId, channel, userId, tenantId;
        final List<JsonNode> events = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        Session(String id, JsonNode doc) {
            this.id = id;
            this.doc = doc;
        }

        ObjectNode event(String part, String type, String timestamp, String source) {
            ObjectNode e = json.createObjectNode();
            e.put("id", "cs:" + id + ":" + part).put("type", type);
            if (timestamp != null) e.put("timestamp", timestamp);
            putText(e, "tenantId", tenantId);
            e.put("conversationId", id).put("sessionId", id);
            putText(e, "botId", botId);
            putText(e, "channel", channel);
            putText(e, "userId", userId);
            events.add(e);
            sources.add(source);
            return e;
        }

        void livechat(String request, String part, String type, String at, String source, String agent, String group) {
            ObjectNode e = event("lc:" + request + ":" + part, type, at, source);
            putText(e, "staffId", agent);
            putText(e, "groupId", group);
            e.putObject("metadata").put("requestId", request);
        }

        /** A part that maps to no event is reported like an invalid event, by its path. */
        void invalid(String source, String message) {
            problems.add(new Problem(source, message));
        }

        String latestTimestamp() {
            Instant latest = null;
            for (JsonNode e : events) {
                try {
                    Instant t = OffsetDateTime.parse(e.path("timestamp").asString()).toInstant();
                    if (latest == null || t.isAfter(latest)) latest = t;
                } catch (DateTimeParseException ignored) {
                    // an unreadable timestamp is rejected with its own event
                }
            }
            return latest == null ? null : latest.toString();
        }
    }

    static String channel(String platformOrigin) {
        if (platformOrigin == null) return null;
        String p = platformOrigin.toLowerCase(Locale.ROOT);
        Channel c = PLATFORMS.get(p);
        if (c == null) c = Channel.fromWireName(p).orElse(Channel.OTHER);
        return c.wireName();
    }

    private static Long millisBetween(String from, String to) {
        if (from == null || to == null) return null;
        try {
            return OffsetDateTime.parse(to).toInstant().toEpochMilli() - OffsetDateTime.parse(from).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    /** A field's text; MongoDB extended JSON dates ({@code {"$date": ...}}) are read as ISO instants. */
    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isObject() && v.has("$date")) {
            JsonNode d = v.get("$date");
            return d.isNumber() ? Instant.ofEpochMilli(d.asLong()).toString() : d.asString();
        }
        return v.asString();
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) node.put(field, value);
    }
}
