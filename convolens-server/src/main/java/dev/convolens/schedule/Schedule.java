package dev.convolens.schedule;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A report schedule (seed 000): what to send (format, sections), to whom, how often, and at which local hour in
 * which timezone. {@code activeSince} is when it was created or last enabled.
 */
public record Schedule(String id, String tenantId, String name, Frequency frequency, ReportFormat format,
        Set<Section> sections, List<String> recipients, boolean enabled, ZoneId timezone, int hour, Instant activeSince,
        Instant createdAt, Instant updatedAt) {

    /**
     * When the period's report is due: its run day (the Monday or the 1st after it) at the schedule's hour in its
     * timezone, but never before the period has been over for {@code grace}, so late events make it in.
     */
    public Instant dueAt(ReportPeriod period, Duration grace) {
        Instant fire = ZonedDateTime.of(period.end().plusDays(1), LocalTime.of(hour, 0), timezone).toInstant();
        Instant settled = period.to().plus(grace);
        return fire.isAfter(settled) ? fire : settled;
    }

    /**
     * The period whose report is due at {@code now}: the newest complete period if its due time has come, else the
     * one before; none while disabled, or when that period fell due before the schedule was active (a new or
     * re-enabled schedule does not send a backlog).
     */
    public Optional<ReportPeriod> duePeriod(Instant now, Duration grace) {
        if (!enabled) return Optional.empty();
        ReportPeriod period = frequency.lastComplete(now, timezone);
        if (dueAt(period, grace).isAfter(now)) period = period.previous();
        Instant due = dueAt(period, grace);
        if (due.isAfter(now) || due.isBefore(activeSince)) return Optional.empty();
        return Optional.of(period);
    }

    /** The next time a report of this schedule falls due after {@code now} (null while disabled). */
    public Instant nextRunAt(Instant now, Duration grace) {
        if (!enabled) return null;
        ReportPeriod period = frequency.lastComplete(now, timezone);
        for (int i = 0; i < 3; i++, period = frequency.next(period)) {
            Instant due = dueAt(period, grace);
            if (due.isAfter(now) && !due.isBefore(activeSince)) return due;
        }
        return dueAt(period, grace);
    }
}
