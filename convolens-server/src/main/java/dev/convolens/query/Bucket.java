package dev.convolens.query;

import dev.convolens.rollup.Granularity;
import dev.convolens.rollup.Period;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of a series: the instants [from, to) it covers and its label. {@code period} is the calendar period the
 * bucket lies in (the bucket is that period clipped to the query's range), or null for a free range such as "today
 * so far".
 */
record Bucket(String label, Instant from, Instant to, Period period) {

    /** Whether the bucket is one whole period of its calendar (what a stored percentile describes). */
    boolean whole() {
        return period != null && period.from().equals(from) && period.to().equals(to);
    }

    /** The periods of {@code granularity} covering [from, to), each clipped to the range. */
    static List<Bucket> covering(Granularity granularity, Instant from, Instant to, ZoneId zone) {
        List<Bucket> buckets = new ArrayList<>();
        for (Period p : granularity.covering(from, to.minusNanos(1), zone)) {
            Instant f = p.from().isBefore(from) ? from : p.from();
            Instant t = p.to().isAfter(to) ? to : p.to();
            buckets.add(new Bucket(p.label(), f, t, p));
        }
        return buckets;
    }

    /** A single bucket over [from, to): a period of {@code granularity} when the range is exactly one. */
    static Bucket of(String label, Instant from, Instant to, Granularity granularity, ZoneId zone) {
        Period p = granularity.periodOf(from, zone);
        return p.from().equals(from) && p.to().equals(to) ? new Bucket(label, from, to, p) : new Bucket(label, from, to, null);
    }

    /** How many periods of {@code granularity} cover [from, to), without building them. */
    static long count(Granularity granularity, Instant from, Instant to, ZoneId zone) {
        long approx = switch (granularity) {
            case HOUR -> java.time.Duration.between(from, to).toHours() + 2;
            case DAY -> java.time.Duration.between(from, to).toDays() + 2;
            case WEEK -> java.time.Duration.between(from, to).toDays() / 7 + 2;
            case MONTH -> java.time.Duration.between(from, to).toDays() / 28 + 2;
        };
        return approx;
    }
}
