package dev.convolens.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local days a report covers, {@code start} to {@code end} inclusive, in a timezone. Boundaries are the zone's
 * midnights, so a report over a DST change has a 23- or 25-hour day like the rollups do.
 */
public record ReportPeriod(LocalDate start, LocalDate end, ZoneId zone) {

    public ReportPeriod {
        if (end.isBefore(start)) throw new IllegalArgumentException("period ends before it starts: " + start + " > " + end);
    }

    public static ReportPeriod isoWeek(LocalDate monday, ZoneId zone) {
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) throw new IllegalArgumentException(monday + " is not a Monday");
        return new ReportPeriod(monday, monday.plusDays(6), zone);
    }

    public static ReportPeriod month(YearMonth month, ZoneId zone) {
        return new ReportPeriod(month.atDay(1), month.atEndOfMonth(), zone);
    }

    /** First instant of the period. */
    public Instant from() {
        return start.atStartOfDay(zone).toInstant();
    }

    /** First instant after the period. */
    public Instant to() {
        return end.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public int lengthInDays() {
        return (int) ChronoUnit.DAYS.between(start, end) + 1;
    }

    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) days.add(d);
        return days;
    }

    public boolean isIsoWeek() {
        return start.getDayOfWeek() == DayOfWeek.MONDAY && lengthInDays() == 7;
    }

    public boolean isMonth() {
        return start.getDayOfMonth() == 1 && end.equals(YearMonth.from(start).atEndOfMonth());
    }

    /** What a change is measured against: the month before a month, else as many days just before. */
    public ReportPeriod previous() {
        if (isMonth()) return month(YearMonth.from(start).minusMonths(1), zone);
        return new ReportPeriod(start.minusDays(lengthInDays()), start.minusDays(1), zone);
    }

    /**
     * What the summary's changes compare, as of {@code asOf}. A period still open at {@code asOf} holds data only up
     * to then, so it is compared with the same part of the previous period: as many days after its start and up to
     * the same local time of day (a DST change in between moves no hour; a shorter previous month ends with itself).
     * A period entirely in the past is compared with the whole previous period.
     */
    public Compared compared(Instant asOf) {
        ReportPeriod before = previous();
        if (asOf.isBefore(from()) || !asOf.isBefore(to())) {
            return new Compared(from(), to(), before.from(), before.to(), false, previousName(), zone);
        }
        ZonedDateTime local = asOf.atZone(zone);
        long days = ChronoUnit.DAYS.between(start, local.toLocalDate());
        Instant previousTo = ZonedDateTime.of(before.start().plusDays(days), local.toLocalTime(), zone).toInstant();
        if (previousTo.isAfter(before.to())) previousTo = before.to();
        return new Compared(from(), asOf, before.from(), previousTo, true, previousName(), zone);
    }

    /**
     * The spans a report's changes compare.
     *
     * @param to the end of the span of this period read: {@code asOf} when the period is still open
     * @param partial whether both spans are the same elapsed part of their periods
     */
    public record Compared(Instant from, Instant to, Instant previousFrom, Instant previousTo, boolean partial,
            String previousName, ZoneId zone) {
        private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

        /** What a change is "vs": "previous week", or "the same part of the previous week". */
        public String versus() {
            return partial ? "the same part of the " + previousName : previousName;
        }

        /**
         * For people: "Compared with Mon 23 Nov 00:00 – Thu 26 Nov 14:00, the same part of the previous week (this
         * period so far: Mon 30 Nov 00:00 – Thu 3 Dec 14:00)." or "Compared with the previous week, Mon 23 Nov 00:00 –
         * Mon 30 Nov 00:00."
         */
        public String sentence() {
            String before = when(previousFrom) + " \u2013 " + when(previousTo);
            if (!partial) return "Compared with the " + previousName + ", " + before + ".";
            return "Compared with " + before + ", " + versus() + " (this period so far: " + when(from) + " \u2013 "
                    + when(to) + ").";
        }

        private String when(Instant instant) {
            return WHEN.format(instant.atZone(zone));
        }
    }

    /** "Weekly report", "Monthly report" or "Report". */
    public String title() {
        return isIsoWeek() ? "Weekly report" : isMonth() ? "Monthly report" : "Report";
    }

    /** How the change figures name the previous period: "previous week". */
    public String previousName() {
        if (isIsoWeek()) return "previous week";
        if (isMonth()) return "previous month";
        int days = lengthInDays();
        return days == 1 ? "previous day" : "previous " + days + " days";
    }

    /** A stable short name: {@code 2026-W47} for an ISO week, {@code 2026-11} for a month, else start_end. */
    public String key() {
        if (isIsoWeek()) {
            return String.format(Locale.ROOT, "%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR),
                    start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
        if (isMonth()) return YearMonth.from(start).toString();
        return start + "_" + end;
    }

    /** For people: "16 to 22 November 2026" with an en dash, "November 2026". */
    public String display() {
        DateTimeFormatter dayMonthYear = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
        if (isMonth()) return DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).format(start);
        if (start.equals(end)) return dayMonthYear.format(start);
        if (start.getYear() != end.getYear()) return dayMonthYear.format(start) + " \u2013 " + dayMonthYear.format(end);
        if (start.getMonth() != end.getMonth()) {
            return DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH).format(start) + " \u2013 " + dayMonthYear.format(end);
        }
        return start.getDayOfMonth() + " \u2013 " + dayMonthYear.format(end);
    }
}
