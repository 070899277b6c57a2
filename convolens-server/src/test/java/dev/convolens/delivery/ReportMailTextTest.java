package dev.convolens.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.report.Figure;
import dev.convolens.report.Kind;
import dev.convolens.report.Report;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.Section;
import dev.convolens.report.SectionData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mail's words about what a change compares: a week still open when the report was generated (Thu 3 Dec 2026
 * 14:00 in Berlin, 13:00Z) against the same part of the week before; a week in the past against the whole week.
 */
class ReportMailTextTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ReportPeriod WEEK = ReportPeriod.isoWeek(LocalDate.parse("2026-11-30"), BERLIN);

    static Report report(Instant generatedAt) {
        SectionData summary = new SectionData(Section.SUMMARY,
                List.of(new Figure("conversationsStarted", "Conversations", Kind.COUNT, 3L, 2L, false)), List.of());
        return new Report("acme", "Acme", WEEK, generatedAt, null, List.of(summary));
    }

    @Test
    void aWeekStillOpenNamesTheHoursOfThePreviousWeekItWasComparedWith() {
        Report report = report(Instant.parse("2026-12-03T13:00:00Z"));

        String text = DeliveryService.MailBody.text(report, "r.pdf");
        String html = DeliveryService.MailBody.html(report, "r.pdf");

        String sentence = "Compared with Mon 23 Nov 00:00 \u2013 Thu 26 Nov 14:00, the same part of the previous week "
                + "(this period so far: Mon 30 Nov 00:00 \u2013 Thu 3 Dec 14:00).";
        assertThat(text).contains("Conversations: 3 (+50.0% vs the same part of the previous week)").contains(sentence);
        assertThat(html).contains(sentence).contains("vs the same part of the previous week");
    }

    @Test
    void aWeekInThePastIsComparedWithTheWholeWeekBefore() {
        String text = DeliveryService.MailBody.text(report(Instant.parse("2026-12-07T06:00:00Z")), "r.pdf");

        assertThat(text).contains("Conversations: 3 (+50.0% vs previous week)")
                .contains("Compared with the previous week, Mon 23 Nov 00:00 \u2013 Mon 30 Nov 00:00.");
    }
}
