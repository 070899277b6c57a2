package dev.convolens.query;

import static dev.convolens.query.Events.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.TestTenant;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A range that ends after now is compared with the same elapsed part of the previous range. A UTC tenant's week
 * Mon 30 Nov .. Sun 6 Dec 2026 asked for on Thu 3 Dec at 14:00 is compared with Mon 23 Nov 00:00 .. Thu 26 Nov
 * 14:00; the events of the week before sit on both sides of Thu 14:00, so comparing with the whole week would give
 * other numbers. Worked by hand:
 * <ul>
 *   <li>this week so far: Mon 30 Nov 10:00, Tue 1 Dec 10:00, Thu 3 Dec 09:00 = 3 messages</li>
 *   <li>the same part of last week: Mon 23 Nov 10:00, Thu 26 Nov 13:00 = 2 (Thu 15:00 and Sat 28 Nov are later);
 *       change (3 - 2) / 2 = +50 %</li>
 *   <li>the whole of last week: 4; change (3 - 4) / 4 = -25 % (what a range entirely in the past gets)</li>
 * </ul>
 */
class LikeWithLikeTest extends AnalyticsServerTest {
    static final Instant THURSDAY_14 = Instant.parse("2026-12-03T14:00:00Z");

    List<Events> twoWeeks() {
        return List.of(
                of("message.received", "2026-11-23T10:00:00Z").conv("p1").bot("b1"),
                of("message.received", "2026-11-26T13:00:00Z").conv("p2").bot("b1"),
                of("message.received", "2026-11-26T15:00:00Z").conv("p3").bot("b1"), // after Thu 14:00
                of("message.received", "2026-11-28T10:00:00Z").conv("p4").bot("b1"),
                of("message.received", "2026-11-30T10:00:00Z").conv("c1").bot("b1"),
                of("message.received", "2026-12-01T10:00:00Z").conv("c2").bot("b1"),
                of("message.received", "2026-12-03T09:00:00Z").conv("c3").bot("b1"));
    }

    /** The week's PDF as bytes. */
    byte[] pdf(TestTenant t) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + port + "/exports?from=2026-11-30&to=2026-12-06&format=pdf")).header("Authorization", "Bearer " + t.key())
                .GET().build();
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    TestTenant utcWithTwoWeeks() {
        clock.set(THURSDAY_14);
        TestTenant utc = newTenant("UTC", "ingest", "read");
        send(utc, twoWeeks());
        return utc;
    }

    @Test
    void aWeekStillOpenIsComparedWithTheSamePartOfThePreviousWeek() {
        TestTenant utc = utcWithTwoWeeks();

        JsonNode n = get(utc, "/api/analytics/timeseries?metric=messages.inbound&from=2026-11-30&to=2026-12-06"
                + "&compare=previous");

        assertThat(n.get("partial").asBoolean()).isTrue();
        assertThat(n.get("previousFrom").asString()).isEqualTo("2026-11-23T00:00:00Z");
        assertThat(n.get("previousTo").asString()).isEqualTo("2026-11-26T14:00:00Z");
        assertThat(n.get("comparedTo").asString()).isEqualTo("2026-12-03T14:00:00Z");
        JsonNode all = n.get("series").get(0);
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("previousTotal").asLong()).isEqualTo(2);
        assertThat(all.get("change").asDouble()).isEqualTo(50.0);
    }

    @Test
    void aWeekEntirelyInThePastIsComparedWithTheWholePreviousWeek() {
        TestTenant utc = utcWithTwoWeeks();
        clock.set(Instant.parse("2026-12-08T09:00:00Z"));

        JsonNode n = get(utc, "/api/analytics/timeseries?metric=messages.inbound&from=2026-11-30&to=2026-12-06"
                + "&compare=previous");

        assertThat(n.get("partial").asBoolean()).isFalse();
        assertThat(n.get("previousTo").asString()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(n.get("series").get(0).get("previousTotal").asLong()).isEqualTo(4);
        assertThat(n.get("series").get(0).get("change").asDouble()).isEqualTo(-25.0);
    }

    @Test
    void botPerformanceComparesTheSamePartOfThePreviousWeek() {
        TestTenant utc = utcWithTwoWeeks();

        JsonNode n = get(utc, "/api/analytics/bot/b1/performance?startDate=2026-11-30&endDate=2026-12-06"
                + "&compare=previous");

        assertThat(n.get("partial").asBoolean()).isTrue();
        assertThat(n.get("previousFrom").asString()).isEqualTo("2026-11-23T00:00:00Z");
        assertThat(n.get("previousTo").asString()).isEqualTo("2026-11-26T14:00:00Z");
        assertThat(n.get("totalMessages").asLong()).isEqualTo(3);
        assertThat(n.get("previous").get("totalMessages").asLong()).isEqualTo(2);
        assertThat(n.get("change").get("totalMessages").asDouble()).isEqualTo(50.0);
    }

    @Test
    void theReportOfAnOpenWeekComparesAndNamesTheSameHoursOfThePreviousWeek() throws Exception {
        TestTenant utc = utcWithTwoWeeks();

        JsonNode r = http().get("/exports?from=2026-11-30&to=2026-12-06&format=json", utc.key()).json();
        JsonNode summary = r.at("/sections/summary");
        assertThat(summary.at("/compared/partial").asBoolean()).isTrue();
        assertThat(summary.at("/compared/previousFrom").asString()).isEqualTo("2026-11-23T00:00:00Z");
        assertThat(summary.at("/compared/previousTo").asString()).isEqualTo("2026-11-26T14:00:00Z");
        assertThat(summary.at("/figures/messagesIn").asLong()).isEqualTo(3);
        assertThat(summary.at("/previous/messagesIn").asLong()).isEqualTo(2);
        assertThat(summary.at("/change/messagesIn").asDouble()).isEqualTo(50.0);

        byte[] pdf = pdf(utc);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("+50.0% vs same part of previous week")
                    .contains("Compared with Mon 23 Nov 00:00 \u2013 Thu 26 Nov 14:00, the same part of the previous week "
                            + "(this period so far: Mon 30 Nov 00:00 \u2013 Thu 3 Dec 14:00).")
                    .doesNotContain("vs previous week");
        }
    }

    @Test
    void aReportOfAWeekInThePastSaysItComparesTheWholePreviousWeek() throws Exception {
        TestTenant utc = utcWithTwoWeeks();
        clock.set(Instant.parse("2026-12-08T09:00:00Z"));

        JsonNode r = http().get("/exports?from=2026-11-30&to=2026-12-06&format=json", utc.key()).json();
        assertThat(r.at("/sections/summary/compared/partial").asBoolean()).isFalse();
        assertThat(r.at("/sections/summary/previous/messagesIn").asLong()).isEqualTo(4);
        byte[] pdf = pdf(utc);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("-25.0% vs previous week")
                    .contains("Compared with the previous week, Mon 23 Nov 00:00 \u2013 Mon 30 Nov 00:00.");
        }
    }

    /**
     * New York on Sun 1 Nov 2026, the day clocks go back (25 hours): at 10:30 EST (15:30Z) today began at 04:00Z
     * (midnight EDT) and yesterday is read from Sat 31 Oct 00:00 EDT (04:00Z) to 10:30 EDT (14:30Z), the same local
     * time, not the same 11.5 hours (which would end at 15:30Z and take in the 11:00 EDT conversation too).
     * Today: 01:00 EDT, 01:30 EST (the second 01:30) and 10:00 EST = 3; yesterday 10:00 EDT = 1; change +200 %.
     */
    @Test
    void theDashboardOnTheDayOfADstChangeComparesUpToTheSameLocalTimeYesterday() {
        clock.set(Instant.parse("2026-11-01T15:30:00Z"));
        TestTenant ny = newTenant("America/New_York", "ingest", "read");
        send(ny, of("conversation.started", "2026-10-31T14:00:00Z").conv("y1"), // 10:00 EDT
                of("conversation.started", "2026-10-31T15:00:00Z").conv("y2"), // 11:00 EDT: after 10:30
                of("conversation.started", "2026-11-01T05:00:00Z").conv("t1"), // 01:00 EDT
                of("conversation.started", "2026-11-01T06:30:00Z").conv("t2"), // 01:30 EST
                of("conversation.started", "2026-11-01T15:00:00Z").conv("t3")); // 10:00 EST

        JsonNode n = get(ny, "/api/analytics/dashboard");

        assertThat(n.get("span").get("todayFrom").asString()).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(n.get("span").get("yesterdayFrom").asString()).isEqualTo("2026-10-31T04:00:00Z");
        assertThat(n.get("span").get("yesterdayTo").asString()).isEqualTo("2026-10-31T14:30:00Z");
        assertThat(n.get("today").get("conversationsStarted").asLong()).isEqualTo(3);
        assertThat(n.get("comparison").get("yesterday").get("conversationsStarted").asLong()).isEqualTo(1);
        assertThat(n.get("comparison").get("conversationsChange").asDouble()).isEqualTo(200.0);
    }
}
