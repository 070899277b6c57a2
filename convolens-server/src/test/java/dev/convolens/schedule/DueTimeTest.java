package dev.convolens.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a schedule's report falls due: Mondays or the 1st, at the local hour, after the grace period. */
class DueTimeTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Duration GRACE = Duration.ofHours(2);

    static Schedule schedule(Frequency frequency, int hour, ZoneId zone, Instant activeSince) {
        return new Schedule("s", "t", "n", frequency, ReportFormat.PDF, EnumSet.allOf(Section.class), List.of("a@b.test"),
                true, zone, hour, activeSince, activeSince, activeSince);
    }

    static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    @Test
    void aWeeklyReportIsDueOnMondayAtItsHourForThePreviousIsoWeek() {
        Schedule s = schedule(Frequency.WEEKLY, 6, BERLIN, local("2026-11-01T00:00", BERLIN));

        assertThat(s.duePeriod(local("2026-11-16T05:59:59", BERLIN), GRACE)).map(ReportPeriod::start)
                .contains(LocalDate.parse("2026-11-02"));
        Optional<ReportPeriod> due = s.duePeriod(local("2026-11-16T06:00", BERLIN), GRACE);
        assertThat(due).map(ReportPeriod::start).contains(LocalDate.parse("2026-11-09"));
        assertThat(due).map(ReportPeriod::end).contains(LocalDate.parse("2026-11-15"));
        assertThat(due.get().key()).isEqualTo("2026-W46");
        assertThat(s.nextRunAt(local("2026-11-16T06:00", BERLIN), GRACE)).isEqualTo(local("2026-11-23T06:00", BERLIN));
    }

    @Test
    void aReportDueAtMidnightWaitsForTheGracePeriod() {
        Schedule s = schedule(Frequency.WEEKLY, 0, BERLIN, local("2026-11-10T00:00", BERLIN));

        assertThat(s.dueAt(ReportPeriod.isoWeek(LocalDate.parse("2026-11-09"), BERLIN), GRACE))
                .isEqualTo(local("2026-11-16T02:00", BERLIN));
        assertThat(s.duePeriod(local("2026-11-16T01:59", BERLIN), GRACE)).isEmpty();
        assertThat(s.duePeriod(local("2026-11-16T02:00", BERLIN), GRACE)).isPresent();
    }

    @Test
    void aMonthlyReportIsDueOnTheFirstForThePreviousMonth() {
        Schedule s = schedule(Frequency.MONTHLY, 6, BERLIN, local("2026-10-15T00:00", BERLIN));

        Optional<ReportPeriod> due = s.duePeriod(local("2026-11-01T06:00", BERLIN), GRACE);

        assertThat(due).map(ReportPeriod::start).contains(LocalDate.parse("2026-10-01"));
        assertThat(due).map(ReportPeriod::end).contains(LocalDate.parse("2026-10-31"));
        assertThat(due.get().key()).isEqualTo("2026-10");
        // the clocks go back on 25 October 2026: the month is 31 days and an hour long
        assertThat(Duration.between(due.get().from(), due.get().to())).isEqualTo(Duration.ofDays(31).plusHours(1));
        assertThat(s.nextRunAt(local("2026-11-01T06:00", BERLIN), GRACE)).isEqualTo(local("2026-12-01T06:00", BERLIN));
    }

    @Test
    void theHourIsLocalToTheSchedulesTimezone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Schedule s = schedule(Frequency.WEEKLY, 6, tokyo, local("2026-11-01T00:00", tokyo));

        // Monday 06:00 in Tokyo is Sunday 22:00 in Berlin: the Tokyo week is over, the Berlin one is not
        assertThat(s.duePeriod(Instant.parse("2026-11-15T21:00:00Z"), GRACE)).map(ReportPeriod::start)
                .contains(LocalDate.parse("2026-11-09"));
        assertThat(s.duePeriod(Instant.parse("2026-11-15T21:00:00Z"), GRACE).get().from())
                .isEqualTo(Instant.parse("2026-11-08T15:00:00Z"));
    }

    @Test
    void aNewScheduleDoesNotSendTheReportThatFellDueBeforeItExisted() {
        Schedule createdMondayNoon = schedule(Frequency.WEEKLY, 6, BERLIN, local("2026-11-16T12:00", BERLIN));

        assertThat(createdMondayNoon.duePeriod(local("2026-11-16T12:01", BERLIN), GRACE)).isEmpty();
        assertThat(createdMondayNoon.duePeriod(local("2026-11-20T12:00", BERLIN), GRACE)).isEmpty();
        assertThat(createdMondayNoon.nextRunAt(local("2026-11-16T12:01", BERLIN), GRACE)).isEqualTo(local("2026-11-23T06:00", BERLIN));
        assertThat(createdMondayNoon.duePeriod(local("2026-11-23T06:00", BERLIN), GRACE)).map(ReportPeriod::key).contains("2026-W47");
    }

    @Test
    void aMissedRunIsCaughtUpLaterInTheWeekOnce() {
        Schedule s = schedule(Frequency.WEEKLY, 6, BERLIN, local("2026-11-01T00:00", BERLIN));

        // the service was down on Monday: on Thursday the week is still due (the delivery row makes it once)
        assertThat(s.duePeriod(local("2026-11-19T09:00", BERLIN), GRACE)).map(ReportPeriod::key).contains("2026-W46");
    }
}
