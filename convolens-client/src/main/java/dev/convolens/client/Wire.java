package dev.convolens.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP body of a batch (a JSON array of SPEC §2 events) and the server's answer to it. */
final class Wire {

    /** One refused event of a batch, by its position in the batch. */
    record Rejection(int index, String field, String error) {}

    /** The server's 200: counts of new and already stored events, and the refused ones. */
    record Answer(int accepted, int duplicates, List<Rejection> rejected) {}

    private final JsonMapper json;

    Wire(JsonMapper json) {
        this.json = json;
    }

    /** The events as a JSON array; fails with a JacksonException when some metadata cannot be written as JSON. */
    byte[] encode(List<Event> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(256, events.size() * 384));
        try (JsonGenerator g = json.createGenerator(bytes)) {
            g.writeStartArray();
            for (Event e : events) write(g, e);
            g.writeEndArray();
        }
        return bytes.toByteArray();
    }

    /** The bytes gzipped. */
    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, plain.length / 4));
        try (OutputStream out = new FastGzip(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator g, Event e) {
        g.writeStartObject();
        g.writeStringProperty("id", e.id());
        g.writeStringProperty("type", e.type());
        g.writeStringProperty("timestamp", e.timestamp().toString());
        string(g, "tenantId", e.tenantId());
        string(g, "botId", e.botId());
        string(g, "channel", e.channel());
        string(g, "conversationId", e.conversationId());
        string(g, "sessionId", e.sessionId());
        string(g, "userId", e.userId());
        string(g, "staffId", e.staffId());
        string(g, "groupId", e.groupId());
        string(g, "taskId", e.taskId());
        string(g, "intent", e.intent());
        if (e.value() != null) g.writeNumberProperty("value", e.value().doubleValue());
        if (e.durationMs() != null) g.writeNumberProperty("durationMs", e.durationMs().longValue());
        Map<String, Object> metadata = e.metadata();
        if (metadata != null) g.writePOJOProperty("metadata", metadata);
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) {
        if (value != null) g.writeStringProperty(name, value);
    }

    /** Reads a 200 answer; fails with a JacksonException or IllegalArgumentException when it is not one. */
    Answer answer(byte[] body) {
        JsonNode root = json.readTree(body);
        if (root == null || !root.isObject() || !root.has("accepted")) {
            throw new IllegalArgumentException("not an ingest answer: " + abbreviate(new String(body,
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        List<Rejection> rejected = new ArrayList<>();
        JsonNode list = root.path("rejected");
        for (JsonNode r : list) {
            rejected.add(new Rejection(r.path("index").asInt(-1), r.path("field").asString(""),
                    r.path("error").asString("")));
        }
        return new Answer(root.path("accepted").asInt(), root.path("duplicates").asInt(), rejected);
    }

    /** The {@code detail} (or {@code error}) of a JSON error body, else the body itself, shortened. */
    String errorDetail(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode root = json.readTree(body);
            if (root != null && root.isObject()) {
                String detail = root.path("detail").asString(null);
                if (detail == null) detail = root.path("error").asString(null);
                if (detail != null) return abbreviate(detail);
            }
        } catch (JacksonException notJson) {
            // fall through to the raw text
        }
        return abbreviate(text);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** Gzip at the fastest level: event JSON shrinks several times even so, and the CPU spent is the bot's. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
