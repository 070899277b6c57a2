package dev.convolens.ingest;

import dev.convolens.system.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.EOFException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingest body: a JSON array (or one object), or NDJSON; gzip allowed. In NDJSON a broken line is rejected
 * on its own; a JSON array with a syntax error cannot be split safely, so the whole request is refused. The JSON is
 * parsed within bounds (depth, string, number and name lengths, tokens: {@code convolens.ingest.max-*}), and bytes
 * that are not well-formed UTF-8 reject the event they stand in, never becoming other characters.
 */
final class EventBodyParser {

    /** Parsed items by position (null where an item was rejected while parsing) and the parse errors. */
    record Parsed(List<JsonNode> items, List<Rejection> errors) {}

    private final JsonMapper json;
    private final ObjectReader element;
    private final long maxBytes;
    private final IngestProperties limits;
    private final Clock clock;

    EventBodyParser(JsonMapper json, IngestProperties properties, Clock clock) {
        StreamReadConstraints bounds = StreamReadConstraints.builder()
                .maxNestingDepth(properties.maxJsonDepth())
                .maxStringLength(properties.maxStringChars())
                .maxNumberLength(properties.maxNumberDigits())
                .maxNameLength(properties.maxNameChars())
                .maxTokenCount(properties.maxTokens())
                .build();
        JsonFactory factory = ((JsonFactory) json.tokenStreamFactory()).rebuild().streamReadConstraints(bounds).build();
        // reading trees needs none of the application mapper's settings, only its factory's with the bounds
        this.json = JsonMapper.builder(factory).build();
        // an array element is read from a parser that goes on after it
        this.element = this.json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBytes = properties.maxRequestBytes().toBytes();
        this.limits = properties;
        this.clock = clock;
    }

    Parsed parse(InputStream body, long contentLength, boolean gzip, boolean ndjson) throws IOException {
        if (contentLength > maxBytes) throw tooLarge();
        byte[] bytes = readLimited(body, clock.instant().plus(limits.bodyTimeout()));
        if (gzip) {
            try (InputStream unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = readLimited(unzipped, null);
            } catch (java.util.zip.ZipException | EOFException e) {
                throw ApiException.badRequest("body", "Content-Encoding is gzip but the body is not complete gzip: "
                        + (e.getMessage() == null ? "it ends too early" : e.getMessage()));
            }
        }
        return ndjson ? lines(bytes) : array(bytes);
    }

    private Parsed array(byte[] bytes) {
        List<Long> malformed = malformedUtf8(bytes, 0, bytes.length);
        byte[] readable = malformed.isEmpty() ? bytes : masked(bytes, malformed);
        List<JsonNode> items = new ArrayList<>();
        List<Rejection> errors = new ArrayList<>();
        try (JsonParser p = json.createParser(readable)) {
            JsonToken first = p.nextToken();
            if (first == null) throw ApiException.badRequest("body", "the body is empty; send a JSON array of events");
            if (first == JsonToken.START_OBJECT) {
                readElement(p, bytes, malformed, items, errors);
            } else if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    readElement(p, bytes, malformed, items, errors);
                }
            } else {
                throw ApiException.badRequest("body", "the body must be a JSON array of events (or NDJSON with "
                        + "Content-Type: application/x-ndjson)");
            }
            if (p.nextToken() != null) {
                throw ApiException.badRequest("body", "unexpected content after the JSON array at "
                        + where(p.currentLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid body",
                    bound(e) + " in event " + items.size() + "; nothing was stored");
        } catch (JacksonException e) {
            throw ApiException.badRequest("body", "malformed JSON, nothing was stored: " + e.getOriginalMessage()
                    + " at " + where(e.getLocation()));
        }
        return new Parsed(items, errors);
    }

    private void readElement(JsonParser p, byte[] original, List<Long> malformed, List<JsonNode> items,
            List<Rejection> errors) {
        long from = p.currentTokenLocation().getByteOffset();
        JsonNode node = element.readValue(p);
        long to = p.currentLocation().getByteOffset();
        Long bad = malformed.stream().filter(o -> o >= from && o < to).findFirst().orElse(null);
        if (bad == null) {
            items.add(node);
            return;
        }
        errors.add(new Rejection(items.size(), fieldAt(original, malformed, (int) from, (int) to, bad),
                "not well-formed UTF-8 at byte " + bad + "; strings are stored exactly as sent or not at all"));
        items.add(null);
    }

    private Parsed lines(byte[] bytes) {
        List<JsonNode> items = new ArrayList<>();
        List<Rejection> errors = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') continue;
            int end = i;
            if (end > start && bytes[end - 1] == '\r') end--;
            if (!blank(bytes, start, end)) {
                List<Long> malformed = malformedUtf8(bytes, start, end);
                if (!malformed.isEmpty()) {
                    errors.add(new Rejection(items.size(), fieldAt(bytes, malformed, start, end, malformed.get(0)),
                            "not well-formed UTF-8 at byte " + malformed.get(0)
                                    + "; strings are stored exactly as sent or not at all"));
                    items.add(null);
                } else {
                    try {
                        items.add(json.readTree(bytes, start, end - start));
                    } catch (StreamConstraintsException e) {
                        errors.add(new Rejection(items.size(), "event", bound(e)));
                        items.add(null);
                    } catch (JacksonException e) {
                        errors.add(new Rejection(items.size(), "event", "malformed JSON: " + e.getOriginalMessage()));
                        items.add(null);
                    }
                }
            }
            start = i + 1;
        }
        return new Parsed(items, errors);
    }

    /** Names the setting a body broke, from Jackson's wording of the constraint. */
    private String bound(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "JSON nested deeper than convolens.ingest.max-json-depth (" + limits.maxJsonDepth() + ")";
        }
        if (m.contains("Number value length") || m.contains("Number length")) {
            return "a number longer than convolens.ingest.max-number-digits (" + limits.maxNumberDigits() + " characters)";
        }
        if (m.contains("Name length") || m.contains("Name value length")) {
            return "a field name longer than convolens.ingest.max-name-chars (" + limits.maxNameChars() + " characters)";
        }
        if (m.contains("String value length") || m.contains("String length")) {
            return "a string longer than convolens.ingest.max-string-chars (" + limits.maxStringChars() + " characters)";
        }
        if (m.contains("Token count")) {
            return "more JSON tokens than convolens.ingest.max-tokens (" + limits.maxTokens() + ")";
        }
        return "the JSON breaks a parsing bound: " + m;
    }

    private static String where(TokenStreamLocation location) {
        return location == null ? "an unknown position" : location.offsetDescription();
    }

    /** Byte offsets (absolute) of every byte of a malformed UTF-8 sequence in [from, to), in order. */
    static List<Long> malformedUtf8(byte[] bytes, int from, int to) {
        List<Long> offsets = new ArrayList<>();
        if (asciiOnly(bytes, from, to)) return offsets;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                for (int k = 0; k < r.length(); k++) offsets.add((long) in.position() + k);
                in.position(in.position() + r.length());
            } else if (r.isOverflow()) {
                out.clear();
            } else {
                break;
            }
        }
        return offsets;
    }

    private static boolean asciiOnly(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) return false;
        }
        return true;
    }

    /** The bytes with each malformed byte replaced by '?', so that the JSON around them still reads. */
    private static byte[] masked(byte[] bytes, List<Long> malformed) {
        byte[] copy = bytes.clone();
        for (long o : malformed) copy[(int) o] = '?';
        return copy;
    }

    /** The field (dotted path) whose name or value holds {@code offset}, or "event" when none can be told. */
    private String fieldAt(byte[] bytes, List<Long> malformed, int from, int to, long offset) {
        byte[] readable = masked(bytes, malformed);
        String field = "event";
        try (JsonParser p = json.createParser(readable, from, to - from)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (from + p.currentTokenLocation().getByteOffset() > offset) break;
                String pointer = p.streamReadContext().pathAsPointer().toString();
                if (t == JsonToken.PROPERTY_NAME) pointer = pointer.isEmpty() ? "/" + p.currentName() : pointer;
                if (!pointer.isEmpty()) field = pointer.substring(1).replace('/', '.');
            }
        } catch (JacksonException e) {
            // a line that is broken JSON besides: the byte offset says enough
        }
        return field;
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(bytes[i])) return false;
        }
        return true;
    }

    /** Reads at most max-request-bytes, and (with a deadline) refuses a body still arriving after it. */
    private byte[] readLimited(InputStream in, Instant deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) throw tooLarge();
            out.write(buffer, 0, n);
            if (deadline != null && clock.instant().isAfter(deadline)) {
                throw new ApiException(HttpStatus.REQUEST_TIMEOUT, "request timeout", "the body took longer than "
                        + "convolens.ingest.body-timeout (" + limits.bodyTimeout().toSeconds() + " s) to arrive; "
                        + "nothing of it was stored");
            }
        }
        return out.toByteArray();
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request too large",
                "the body exceeds convolens.ingest.max-request-bytes (" + maxBytes + " bytes); send smaller batches");
    }
}
