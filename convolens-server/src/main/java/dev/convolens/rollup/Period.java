package dev.convolens.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One bucket of a calendar: an hour (UTC) or a tenant-local day, ISO week or month. Boundaries are computed through
 * the zone's rules, so a DST day's {@code [from, to)} is 23 or 25 hours long.
 */
public record Period(Granularity granularity, LocalDateTime start, ZoneId zone) {

    /** First instant of the period (a local midnight that does not exist starts at the first one that does). */
    public Instant from() {
        return start.atZone(zone).toInstant();
    }

    /** First instant after the period. */
    public Instant to() {
        return next().from();
    }

    public Period next() {
        return new Period(granularity, granularity.advance(start), zone);
    }

    public Period previous() {
        LocalDateTime prev = switch (granularity) {
            case HOUR -> start.minusHours(1);
            case DAY -> start.minusDays(1);
            case WEEK -> start.minusWeeks(1);
            case MONTH -> start.minusMonths(1);
        };
        return new Period(granularity, prev, zone);
    }

    /** The local date the period starts on (the UTC date for an hour). */
    public LocalDate date() {
        return start.toLocalDate();
    }

    /** How the API names the period: the UTC start instant for an hour, the local start date otherwise. */
    public String label() {
        return granularity == Granularity.HOUR ? start.toInstant(ZoneOffset.UTC).toString() : date().toString();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from()) && instant.isBefore(to());
    }
}
