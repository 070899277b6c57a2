package dev.convolens.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.facts.FactsUpdater;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The week before {@link ReportFixture}'s week holds one conversation, c0, that sends only messages (no
 * response.time_recorded): inbound at 12:00:00 and a reply at 12:00:10 on that week's Wednesday. Its report times
 * the reply from the messages: 10,000 ms.
 */
class DerivedResponseTimesReportTest extends ServerTest {
    @Autowired
    FactsUpdater facts;

    @Test
    void aReportTimesRepliesFromMessagesWhenNoResponseTimeIsRecorded() {
        TestTenant t = newTenant("Europe/Berlin", "ingest", "read");
        ReportFixture week = ReportFixture.load(http(), t, ReportFixture.lastCompleteWeek(LocalDate.now(ReportFixture.ZONE)));
        facts.flush();
        LocalDate monday = week.monday.minusWeeks(1);

        Download d = Download.get(port, "/exports?format=json&sections=summary,response_times&from=" + monday + "&to="
                + monday.plusDays(6), t.key());
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        JsonNode r = Http.JSON.readTree(d.body());

        JsonNode rt = r.at("/sections/response_times/figures");
        assertThat(rt.get("responseTimeAvgMs").asLong()).isEqualTo(10_000);
        assertThat(rt.get("responseTimeP50Ms").asLong()).isEqualTo(10_000);
        JsonNode days = r.at("/sections/response_times/days/rows");
        assertThat(days.get(2).get("responses").asLong()).isEqualTo(1); // Wednesday
        assertThat(days.get(2).get("responseTimeAvgMs").asLong()).isEqualTo(10_000);
        assertThat(r.at("/sections/response_times/days/total/responses").asLong()).isEqualTo(1);
    }
}
