package dev.convolens.rollup;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The calendars of SPEC §5: hours are UTC hours; days, ISO weeks (from Monday) and months are the tenant's local
 * calendar, so a DST day has 23 or 25 hours.
 */
public enum Granularity {
    HOUR, DAY, WEEK, MONTH;

    /** The period of this granularity that contains the instant. */
    public Period periodOf(Instant instant, ZoneId zone) {
        if (this == HOUR) {
            return new Period(this, LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS),
                    ZoneOffset.UTC);
        }
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone).truncatedTo(ChronoUnit.DAYS);
        LocalDateTime start = switch (this) {
            case DAY -> local;
            case WEEK -> local.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> local.withDayOfMonth(1);
            case HOUR -> throw new IllegalStateException("unreachable");
        };
        return new Period(this, start, zone);
    }

    /** Every period of this granularity that overlaps [from, to] (both inclusive), in order. */
    public List<Period> covering(Instant from, Instant to, ZoneId zone) {
        if (to.isBefore(from)) throw new IllegalArgumentException("range ends before it starts: " + from + " > " + to);
        List<Period> periods = new ArrayList<>();
        for (Period p = periodOf(from, zone); !p.from().isAfter(to); p = p.next()) periods.add(p);
        return periods;
    }

    LocalDateTime advance(LocalDateTime start) {
        return switch (this) {
            case HOUR -> start.plusHours(1);
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }
}
