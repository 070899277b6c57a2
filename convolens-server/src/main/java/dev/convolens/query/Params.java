package dev.convolens.query;

import dev.convolens.system.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reading query parameters, failing with the parameter's name and the reason. */
final class Params {
    private Params() {}

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " '" + value
                    + "' is not an ISO-8601 timestamp with an offset, such as 2026-11-21T00:00:00Z");
        }
    }

    static boolean isCsv(String format) {
        if (format == null || format.equals("json")) return false;
        if (format.equals("csv")) return true;
        throw ApiException.badRequest("format", "format must be 'json' or 'csv'");
    }
}
