package dev.convolens.query;

import dev.convolens.system.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A half-open time range [from, to) read from {@code from}/{@code to} parameters: a date is a day in the tenant's
 * timezone ({@code to} as a date includes that whole day), an instant is taken as is.
 */
record QueryRange(Instant from, Instant to) {

    static QueryRange parse(String from, String to, ZoneId zone, Instant now, Duration defaultLength) {
        Instant end = to == null || to.isBlank() ? now : bound("to", to, zone, true);
        Instant start = from == null || from.isBlank() ? end.minus(defaultLength) : bound("from", from, zone, false);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from", "from (" + start + ") must be before to (" + end + ")");
        }
        return new QueryRange(start, end);
    }

    private static Instant bound(String name, String value, ZoneId zone, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " '" + value
                    + "' is neither a date (2026-11-21) nor an instant with offset (2026-11-21T00:00:00Z)");
        }
    }
}
