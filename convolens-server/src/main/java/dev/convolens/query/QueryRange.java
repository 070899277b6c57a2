package dev.convolens.query;

import dev.convolens.system.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;

/**
 * A half-open time range [from, to) read from {@code from}/{@code to} parameters: a date is a day in the tenant's
 * timezone ({@code to} as a date includes that whole day), an instant is taken as is.
 */
record QueryRange(Instant from, Instant to) {

    static QueryRange parse(String from, String to, ZoneId zone, Instant now, Duration defaultLength) {
        return parse("from", from, "to", to, zone, now, end -> end.minus(defaultLength));
    }

    /** As above with named parameters, and {@code defaultFrom} computing a missing start from the end. */
    static QueryRange parse(String fromName, String from, String toName, String to, ZoneId zone, Instant now,
            UnaryOperator<Instant> defaultFrom) {
        Instant end = to == null || to.isBlank() ? now : bound(toName, to, zone, true);
        Instant start = from == null || from.isBlank() ? defaultFrom.apply(end) : bound(fromName, from, zone, false);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest(fromName, fromName + " (" + start + ") must be before " + toName + " (" + end + ")");
        }
        return new QueryRange(start, end);
    }

    /**
     * The range of equal length just before this one: the same number of local days when both ends are local
     * midnights (so a week before a DST change is still seven calendar days), else the same duration.
     */
    QueryRange previous(ZoneId zone) {
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        if (first.atStartOfDay(zone).toInstant().equals(from) && last.atStartOfDay(zone).toInstant().equals(to)) {
            long days = ChronoUnit.DAYS.between(first, last);
            return new QueryRange(first.minusDays(days).atStartOfDay(zone).toInstant(), from);
        }
        return new QueryRange(from.minus(Duration.between(from, to)), from);
    }

    /** A date (a local day's start, or with {@code endOfDay} the next day's) or an instant; null when missing. */
    static Instant bound(String name, String value, ZoneId zone, boolean endOfDay) {
        if (value == null || value.isBlank()) return null;
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
