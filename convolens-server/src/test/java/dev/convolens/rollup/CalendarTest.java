package dev.convolens.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarTest {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final ZoneId CHATHAM = ZoneId.of("Pacific/Chatham");

    @Test
    void theMarchDstDayInNewYorkHas23HoursAndTheNovemberOne25() {
        Period march = Granularity.DAY.periodOf(Instant.parse("2026-03-08T12:00:00Z"), NEW_YORK);
        Period november = Granularity.DAY.periodOf(Instant.parse("2026-11-01T12:00:00Z"), NEW_YORK);

        assertThat(march.from()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(march.to()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(Duration.between(march.from(), march.to())).isEqualTo(Duration.ofHours(23));
        assertThat(november.from()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(november.to()).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
        assertThat(Duration.between(november.from(), november.to())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void anInstantBelongsToTheTenantsLocalDay() {
        Instant evening = Instant.parse("2026-11-20T19:00:00Z");

        assertThat(Granularity.DAY.periodOf(evening, KOLKATA).date()).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(Granularity.DAY.periodOf(evening, KOLKATA).from()).isEqualTo(Instant.parse("2026-11-20T18:30:00Z"));
        // Chatham is +13:45 in November (daylight time): 19:00Z is 08:45 on the 21st
        assertThat(Granularity.DAY.periodOf(evening, CHATHAM).date()).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(Granularity.DAY.periodOf(evening, CHATHAM).from()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(Granularity.DAY.periodOf(evening, ZoneId.of("UTC")).date()).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @Test
    void isoWeekOneStartsOnTheMondayOfThePreviousYear() {
        Period week = Granularity.WEEK.periodOf(Instant.parse("2026-01-01T12:00:00Z"), ZoneId.of("UTC"));

        assertThat(week.date()).isEqualTo(LocalDate.of(2025, 12, 29));
        assertThat(week.to()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(week.label()).isEqualTo("2025-12-29");
    }

    @Test
    void hoursAreUtcWhateverTheZone() {
        Period hour = Granularity.HOUR.periodOf(Instant.parse("2026-11-20T19:59:59Z"), KOLKATA);

        assertThat(hour.from()).isEqualTo(Instant.parse("2026-11-20T19:00:00Z"));
        assertThat(hour.to()).isEqualTo(Instant.parse("2026-11-20T20:00:00Z"));
        assertThat(hour.label()).isEqualTo("2026-11-20T19:00:00Z");
    }

    @Test
    void monthsFollowTheLocalCalendar() {
        Period feb = Granularity.MONTH.periodOf(Instant.parse("2026-03-01T03:00:00Z"), NEW_YORK);

        assertThat(feb.date()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(feb.to()).isEqualTo(Instant.parse("2026-03-01T05:00:00Z"));
    }

    @Test
    void coveringListsEveryOverlappingPeriodOnce() {
        List<Period> days = Granularity.DAY.covering(Instant.parse("2026-03-07T23:00:00Z"),
                Instant.parse("2026-03-09T04:00:00Z"), NEW_YORK);

        assertThat(days).extracting(Period::date).containsExactly(LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 8),
                LocalDate.of(2026, 3, 9));
        assertThat(Granularity.HOUR.covering(Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T10:59:59Z"),
                KOLKATA)).hasSize(1);
    }
}
