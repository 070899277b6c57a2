package dev.convolens.ingest;

import dev.convolens.system.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingest body: a JSON array (or one object), or NDJSON; gzip allowed. In NDJSON a broken line is rejected
 * on its own; a JSON array with a syntax error cannot be split safely, so the whole request is refused.
 */
final class EventBodyParser {

    /** Parsed items by position (null where a line could not be parsed) and the parse errors. */
    record Parsed(List<JsonNode> items, List<Rejection> errors) {}

    private final JsonMapper json;
    private final ObjectReader element;
    private final long maxBytes;

    EventBodyParser(JsonMapper json, long maxBytes) {
        this.json = json;
        // an array element is read from a parser that goes on after it
        this.element = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBytes = maxBytes;
    }

    Parsed parse(InputStream body, long contentLength, boolean gzip, boolean ndjson) throws IOException {
        if (contentLength > maxBytes) throw tooLarge();
        byte[] bytes = readLimited(body);
        if (gzip) {
            try (InputStream unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = readLimited(unzipped);
            } catch (java.util.zip.ZipException e) {
                throw ApiException.badRequest("body", "Content-Encoding is gzip but the body is not gzip: " + e.getMessage());
            }
        }
        return ndjson ? lines(bytes) : array(bytes);
    }

    private Parsed array(byte[] bytes) {
        List<JsonNode> items = new ArrayList<>();
        try (JsonParser p = json.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) throw ApiException.badRequest("body", "the body is empty; send a JSON array of events");
            if (first == JsonToken.START_OBJECT) {
                items.add(element.readValue(p));
            } else if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(element.readValue(p));
                }
            } else {
                throw ApiException.badRequest("body", "the body must be a JSON array of events (or NDJSON with "
                        + "Content-Type: application/x-ndjson)");
            }
            if (p.nextToken() != null) {
                throw ApiException.badRequest("body", "unexpected content after the JSON array at "
                        + p.currentLocation().offsetDescription());
            }
        } catch (JacksonException e) {
            throw ApiException.badRequest("body", "malformed JSON, nothing was stored: " + e.getOriginalMessage()
                    + " at " + e.getLocation().offsetDescription());
        }
        return new Parsed(items, List.of());
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
                try {
                    items.add(json.readTree(bytes, start, end - start));
                } catch (JacksonException e) {
                    errors.add(new Rejection(items.size(), "event", "malformed JSON: " + e.getOriginalMessage()));
                    items.add(null);
                }
            }
            start = i + 1;
        }
        return new Parsed(items, errors);
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(bytes[i])) return false;
        }
        return true;
    }

    private byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) throw tooLarge();
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request too large",
                "the body exceeds convolens.ingest.max-request-bytes (" + maxBytes + " bytes); send smaller batches");
    }
}
