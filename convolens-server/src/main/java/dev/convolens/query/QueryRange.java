package dev.convolens.query;

import dev.convolens.system.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
        if (wholeDays(zone)) {
            long days = ChronoUnit.DAYS.between(first, to.atZone(zone).toLocalDate());
            return new QueryRange(first.minusDays(days).atStartOfDay(zone).toInstant(), from);
        }
        return new QueryRange(from.minus(Duration.between(from, to)), from);
    }

    /**
     * What this range is compared with as of {@code now}. A range that ends after now (its data ends at now) is
     * compared with the same elapsed part of the previous range: when the ranges are whole local days, up to the
     * same local time of day as many days after its start (a DST change in between moves no hour), else the same
     * duration. A range entirely in the past (or future) is compared with the whole previous range.
     */
    Comparison comparedWith(ZoneId zone, Instant now) {
        QueryRange whole = previous(zone);
        if (now.isBefore(from) || !now.isBefore(to)) return new Comparison(this, whole, false);
        Instant previousTo;
        if (wholeDays(zone)) {
            ZonedDateTime local = now.atZone(zone);
            long days = ChronoUnit.DAYS.between(from.atZone(zone).toLocalDate(), local.toLocalDate());
            LocalDate day = whole.from().atZone(zone).toLocalDate().plusDays(days);
            previousTo = ZonedDateTime.of(day, local.toLocalTime(), zone).toInstant();
        } else {
            previousTo = whole.from().plus(Duration.between(from, now));
        }
        return new Comparison(new QueryRange(from, now), new QueryRange(whole.from(), previousTo), true);
    }

    /**
     * A range and what it is compared with.
     *
     * @param current the part of the range that holds data: up to now when the range ends later
     * @param previous the part of the previous range it is compared with
     * @param partial whether the range ends after now, so both are the same elapsed part of their whole ranges
     */
    record Comparison(QueryRange current, QueryRange previous, boolean partial) {}

    private boolean wholeDays(ZoneId zone) {
        return from.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().equals(from)
                && to.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().equals(to);
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
