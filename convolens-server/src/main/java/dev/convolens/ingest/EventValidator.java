package dev.convolens.ingest;

import dev.convolens.event.Channel;
import dev.convolens.event.Event;
import dev.convolens.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks one event against the contract of SPEC §2 and builds it, or names the first field that breaks it. */
final class EventValidator {
    static final int MAX_ID = 128;
    static final int MAX_DIMENSION = 256;
    static final int MAX_METADATA_BYTES = 16 * 1024;

    private static final List<String> DIMENSIONS = List.of("botId", "channel", "conversationId", "sessionId", "userId",
            "staffId", "groupId", "taskId", "intent");

    private final JsonMapper json;
    private final Duration maxFutureSkew;
    private final Duration rawRetention;
    private final int maxMetadataKeys;

    EventValidator(JsonMapper json, Duration maxFutureSkew, Duration rawRetention, int maxMetadataKeys) {
        this.maxMetadataKeys = maxMetadataKeys;
        this.json = json;
        this.maxFutureSkew = maxFutureSkew;
        this.rawRetention = rawRetention;
    }

    /** Thrown for the first broken field of an event. */
    static final class Invalid extends Exception {
        final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    Event validate(JsonNode node, String tenantId, Instant now) throws Invalid {
        if (node == null || !node.isObject()) throw new Invalid("event", "an event must be a JSON object");

        String type = string(node, "type", 64);
        if (type == null) throw new Invalid("type", "type is required");
        if (EventType.fromWireName(type).isEmpty()) {
            throw new Invalid("type", "unknown event type '" + type + "'");
        }

        String id = string(node, "id", MAX_ID);
        if (id != null && id.isEmpty()) throw new Invalid("id", "id must not be empty");
        if (id == null) id = UUID.randomUUID().toString();

        String bodyTenant = string(node, "tenantId", MAX_DIMENSION);
        if (bodyTenant != null && !bodyTenant.equals(tenantId)) {
            throw new Invalid("tenantId", "tenantId '" + bodyTenant + "' does not match the API key's tenant");
        }

        Instant timestamp = timestamp(node, now);

        String[] dims = new String[DIMENSIONS.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = string(node, DIMENSIONS.get(i), MAX_DIMENSION);
        if (dims[1] != null) {
            String channel = dims[1];
            dims[1] = Channel.fromWireName(channel).map(Channel::wireName).orElseThrow(() -> new Invalid("channel",
                    "unknown channel '" + channel + "'; valid: " + String.join(", ", Channel.wireNames())));
        }

        Double value = null;
        JsonNode v = node.get("value");
        if (v != null && !v.isNull()) {
            if (!v.isNumber()) throw new Invalid("value", "value must be a number");
            double d = v.numberValue().doubleValue();
            if (!Double.isFinite(d)) throw new Invalid("value", "value must be finite");
            value = d;
        }

        Long durationMs = null;
        JsonNode d = node.get("durationMs");
        if (d != null && !d.isNull()) {
            if (!d.isNumber() || (!d.isIntegralNumber() && d.asDouble() != Math.rint(d.asDouble()))) {
                throw new Invalid("durationMs", "durationMs must be a whole number of milliseconds");
            }
            if (!d.canConvertToLong()) throw new Invalid("durationMs", "durationMs is too large");
            long ms = d.asLong();
            if (ms < 0) throw new Invalid("durationMs", "durationMs must be 0 or more");
            durationMs = ms;
        }

        String metadata = null;
        JsonNode m = node.get("metadata");
        if (m != null && !m.isNull()) {
            if (!m.isObject()) throw new Invalid("metadata", "metadata must be a JSON object");
            checkMetadata("metadata", m);
            int keys = keyCount(m);
            if (keys > maxMetadataKeys) {
                throw new Invalid("metadata", "metadata has " + keys + " keys; convolens.ingest.max-metadata-keys is "
                        + maxMetadataKeys);
            }
            metadata = json.writeValueAsString(m);
            int bytes = utf8Length(metadata);
            if (bytes > MAX_METADATA_BYTES) {
                throw new Invalid("metadata", "metadata is " + bytes + " bytes; the limit is " + MAX_METADATA_BYTES);
            }
        }

        return new Event(tenantId, id, type, timestamp, now, dims[0], dims[1], dims[2], dims[3], dims[4], dims[5],
                dims[6], dims[7], dims[8], value, durationMs, metadata);
    }

    private Instant timestamp(JsonNode node, Instant now) throws Invalid {
        JsonNode t = node.get("timestamp");
        if (t == null || t.isNull()) throw new Invalid("timestamp", "timestamp is required");
        if (!t.isString()) throw new Invalid("timestamp", "timestamp must be an ISO-8601 string with an offset");
        Instant ts;
        try {
            ts = parseTimestamp(t.asString()).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new Invalid("timestamp", "'" + t.asString()
                    + "' is not an ISO-8601 timestamp with an offset, such as 2026-11-21T10:15:30Z");
        }
        if (ts.isAfter(now.plus(maxFutureSkew))) {
            throw new Invalid("timestamp", "timestamp is more than " + maxFutureSkew.toMinutes()
                    + " minutes in the future");
        }
        if (ts.isBefore(now.minus(rawRetention))) {
            throw new Invalid("timestamp", "timestamp is older than the raw-event retention of "
                    + rawRetention.toDays() + " days");
        }
        return ts;
    }

    /**
     * ISO-8601 with an offset, as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads it. The usual shape
     * ({@code 2026-11-21T10:15:30.123Z} or with {@code ±hh:mm}) is read by hand, five times faster, since every event
     * carries one; anything else goes to the formatter, which also words the errors.
     */
    static Instant parseTimestamp(String text) {
        int n = text.length();
        if (n >= 20 && n <= 35 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4), month = digits(text, 5, 7), day = digits(text, 8, 10);
            int hour = digits(text, 11, 13), minute = digits(text, 14, 16), second = digits(text, 17, 19);
            int i = 19, nanos = 0;
            if (i < n && text.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9') nanos = nanos * 10 + (text.charAt(i++) - '0');
                int length = i - start;
                if (length == 0) nanos = -1;
                for (int k = length; k < 9; k++) nanos *= 10;
            }
            int offset = Integer.MIN_VALUE;
            if (i == n - 1 && text.charAt(i) == 'Z') {
                offset = 0;
            } else if (i == n - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-') && text.charAt(i + 3) == ':') {
                int oh = digits(text, i + 1, i + 3), om = digits(text, i + 4, i + 6);
                if (oh >= 0 && oh <= 18 && om >= 0 && om <= 59) offset = (text.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            }
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0
                    && offset != Integer.MIN_VALUE && Math.abs(offset) <= 18 * 3600) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                            .toInstant(ZoneOffset.ofTotalSeconds(offset));
                } catch (java.time.DateTimeException invalidField) {
                    // e.g. 2026-02-30: the formatter below rejects it with its own words
                }
            }
        }
        if (!ISO_SHAPE.matcher(text).matches()) {
            // the formatter is lenient about a few shapes ("10:15:30.Z", "+00"): refuse rather than guess
            throw new DateTimeParseException("not the shape yyyy-MM-ddTHH:mm[:ss[.fraction]] with Z or ±hh:mm", text, 0);
        }
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** ISO-8601 with an offset as the API documents it: seconds optional, 1-9 fraction digits, Z or ±hh:mm[:ss]. */
    private static final java.util.regex.Pattern ISO_SHAPE = java.util.regex.Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?([Zz]|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)");

    private static int utf8Length(String s) {
        int bytes = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
        }
        return bytes;
    }

    /** The decimal number in [from, to), or -1 unless every character there is an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String string(JsonNode node, String field, int maxLength) throws Invalid {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw new Invalid(field, field + " must be a string");
        String s = v.asString();
        if (s.length() > maxLength) {
            throw new Invalid(field, field + " is " + s.length() + " characters; the limit is " + maxLength);
        }
        wellFormed(field, s);
        return s;
    }

    /**
     * A lone UTF-16 surrogate ({@code "\\ud800"}) has no UTF-8 form: a store would write it as '?', and two different
     * ids would become one. Such a string is refused, never rewritten.
     */
    static void wellFormed(String field, String s) throws Invalid {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            throw new Invalid(field, field + " holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c)
                    + ") at character " + i + ", which is not Unicode text; strings are stored exactly as sent or not at all");
        }
    }

    /** Field names at any depth. */
    private static int keyCount(JsonNode node) {
        int n = 0;
        if (node.isObject()) {
            for (var entry : node.properties()) n += 1 + keyCount(entry.getValue());
        } else if (node.isArray()) {
            for (JsonNode item : node) n += keyCount(item);
        }
        return n;
    }

    /** Every name and string in metadata is well-formed and every number finite, at any depth. */
    private static void checkMetadata(String path, JsonNode node) throws Invalid {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                String name = path + "." + entry.getKey();
                wellFormed(name, entry.getKey());
                checkMetadata(name, entry.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkMetadata(path + "[" + i + "]", node.get(i));
        } else if (node.isString()) {
            wellFormed(path, node.asString());
        } else if (node.isNumber() && node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
            throw new Invalid(path, path + " is a number too large for a double (" + node.asString()
                    + " would be stored as Infinity)");
        }
    }

}
