package dev.convolens.query;

import java.util.ArrayList;
import java.util.List;

/** Hand-built events as JSON, e.g. {@code Events.of("message.received", "2026-11-01T04:00:00Z").conv("c1")}. */
final class Events {
    private final StringBuilder json = new StringBuilder();

    private Events(String type, String timestamp) {
        json.append("{\"type\":\"").append(type).append("\",\"timestamp\":\"").append(timestamp).append('"');
    }

    static Events of(String type, String timestamp) {
        return new Events(type, timestamp);
    }

    Events conv(String id) {
        return field("conversationId", id);
    }

    Events bot(String id) {
        return field("botId", id);
    }

    Events channel(String channel) {
        return field("channel", channel);
    }

    Events staff(String id) {
        return field("staffId", id);
    }

    Events task(String id) {
        return field("taskId", id);
    }

    Events intent(String intent) {
        return field("intent", intent);
    }

    Events ms(long durationMs) {
        json.append(",\"durationMs\":").append(durationMs);
        return this;
    }

    Events value(double value) {
        json.append(",\"value\":").append(value);
        return this;
    }

    /** metadata as a JSON object body, e.g. {@code "\"tokens\":100"}. */
    Events meta(String body) {
        json.append(",\"metadata\":{").append(body).append('}');
        return this;
    }

    private Events field(String name, String value) {
        json.append(",\"").append(name).append("\":\"").append(value).append('"');
        return this;
    }

    @Override
    public String toString() {
        return json + "}";
    }

    static String array(List<Events> events) {
        List<String> parts = new ArrayList<>();
        for (Events e : events) parts.add(e.toString());
        return "[" + String.join(",", parts) + "]";
    }
}
