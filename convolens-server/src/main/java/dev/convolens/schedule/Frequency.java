package dev.convolens.schedule;

import dev.convolens.report.ReportPeriod;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How often a schedule reports: weekly on Mondays for the previous ISO week, monthly on the 1st for the previous month. */
public enum Frequency {
    WEEKLY, MONTHLY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The newest period of this frequency that has ended by {@code now} in {@code zone}. */
    public ReportPeriod lastComplete(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        ReportPeriod current = this == WEEKLY
                ? ReportPeriod.isoWeek(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone)
                : ReportPeriod.month(YearMonth.from(today), zone);
        return current.previous();
    }

    /** The period after this one. */
    public ReportPeriod next(ReportPeriod period) {
        return this == WEEKLY ? ReportPeriod.isoWeek(period.start().plusWeeks(1), period.zone())
                : ReportPeriod.month(YearMonth.from(period.start()).plusMonths(1), period.zone());
    }

    public static Frequency parse(String value) {
        for (Frequency f : values()) if (f.wireName().equals(value)) return f;
        return null;
    }
}
