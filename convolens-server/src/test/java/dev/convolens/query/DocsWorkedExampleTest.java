package dev.convolens.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docs/events.md's worked conversation, sent as written (moved to a recent day), yields the numbers its table states. */
class DocsWorkedExampleTest extends ServerTest {

    @Test
    void theWorkedConversationYieldsEveryNumberTheDocumentStates() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        Matcher events = Pattern.compile("<!-- worked-example:events -->\\s*```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(events.find()).as("docs/events.md has the worked example's events").isTrue();
        Matcher table = Pattern.compile("<!-- worked-example:numbers -->(.*?)<!-- worked-example:end -->", Pattern.DOTALL)
                .matcher(doc);
        assertThat(table.find()).as("docs/events.md has the worked example's numbers").isTrue();
        Map<String, Double> stated = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| `([a-z_.0-9]+)` \\| ([0-9.]+) \\|", Pattern.MULTILINE).matcher(table.group(1));
        while (row.find()) stated.put(row.group(1), Double.valueOf(row.group(2)));
        assertThat(stated).hasSizeGreaterThanOrEqualTo(20);

        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        TestTenant t = newTenant("UTC", "ingest", "read");
        Http.Response sent = http().post("/api/events", t.key(), events.group(1).replace("2026-11-23T", day + "T"));
        assertStatus(sent, 200);
        assertThat(sent.json().get("accepted").asInt()).isEqualTo(18);

        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (value(t, "conversations.resolved", day) == null || value(t, "conversations.resolved", day) < 1) {
            assertThat(Instant.now()).as("facts updated in time").isBefore(until);
            Thread.sleep(200); // the facts updater runs every 500 ms
        }
        Map<String, Double> actual = new LinkedHashMap<>();
        for (String metric : stated.keySet()) actual.put(metric, value(t, metric, day));
        assertThat(actual).isEqualTo(stated);
    }

    private Double value(TestTenant t, String metric, LocalDate day) {
        Http.Response r = http().get("/api/analytics/timeseries?metric=" + metric + "&granularity=day&from=" + day
                + "&to=" + day, t.key());
        assertStatus(r, 200);
        JsonNode v = r.json().get("series").get(0).get("points").get(0).get("value");
        return v == null || v.isNull() ? null : v.asDouble();
    }
}
