package dev.convolens.report;

import dev.convolens.system.ApiException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** Reading a report's period and timezone from request parameters, failing with the parameter's name. */
public final class ReportRequests {
    /** The longest period one export covers. */
    public static final int MAX_DAYS = 366;

    private ReportRequests() {}

    /** An IANA zone, or {@code fallback} when absent. */
    public static ZoneId zone(String field, String value, ZoneId fallback) {
        if (value == null || value.isBlank()) return fallback;
        if (!ZoneId.getAvailableZoneIds().contains(value.strip())) {
            throw ApiException.badRequest(field, "'" + value + "' is not an IANA time zone such as Europe/Berlin");
        }
        return ZoneId.of(value.strip());
    }

    /**
     * The local days [from, to] (both dates, {@code to} included, as the query routes read a date); both absent means
     * the last complete ISO week before {@code today}.
     */
    public static ReportPeriod period(String from, String to, ZoneId zone, LocalDate today) {
        if ((from == null || from.isBlank()) && (to == null || to.isBlank())) {
            LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
            return ReportPeriod.isoWeek(monday, zone);
        }
        if (from == null || from.isBlank()) throw ApiException.badRequest("from", "from is required when to is given");
        if (to == null || to.isBlank()) throw ApiException.badRequest("to", "to is required when from is given");
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (end.isBefore(start)) {
            throw ApiException.badRequest("to", "to (" + to + ") is before from (" + from + "); both days are included");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw ApiException.badRequest("to", "a report covers at most " + MAX_DAYS + " days");
        }
        return new ReportPeriod(start, end, zone);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " '" + value + "' is not a date such as 2026-11-16 (a report covers whole local days)");
        }
    }
}
