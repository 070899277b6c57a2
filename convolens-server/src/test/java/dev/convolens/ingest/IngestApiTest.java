package dev.convolens.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IngestApiTest extends ServerTest {

    static String ts(Instant t) {
        return t.toString();
    }

    static String now() {
        return ts(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    List<String> storedIds(TestTenant t) {
        Http.Response r = http().get("/api/events?limit=1000", t.key());
        assertStatus(r, 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode e : r.json()) ids.add(e.get("id").asString());
        return ids;
    }

    @Test
    void storesTheValidEventsAndNamesTheFieldAndReasonOfEachInvalidOne() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String now = now();
        String body = "["
                + "{\"id\":\"ok-1\",\"type\":\"message.received\",\"timestamp\":\"" + now + "\",\"channel\":\"WhatsApp\"},"
                + "{\"id\":\"bad-type\",\"type\":\"message.teleported\",\"timestamp\":\"" + now + "\"},"
                + "{\"id\":\"no-offset\",\"type\":\"message.sent\",\"timestamp\":\"2026-11-20T10:00:00\"},"
                + "{\"id\":\"future\",\"type\":\"message.sent\",\"timestamp\":\"" + ts(Instant.now().plus(10, ChronoUnit.MINUTES)) + "\"},"
                + "{\"id\":\"too-old\",\"type\":\"message.sent\",\"timestamp\":\"" + ts(Instant.now().minus(91, ChronoUnit.DAYS)) + "\"},"
                + "{\"id\":\"other-tenant\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\",\"tenantId\":\"someone-else\"},"
                + "{\"id\":\"" + "x".repeat(129) + "\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\"},"
                + "{\"id\":\"long-dim\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\",\"botId\":\"" + "b".repeat(257) + "\"},"
                + "{\"id\":\"big-meta\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\",\"metadata\":{\"blob\":\"" + "m".repeat(17_000) + "\"}},"
                + "{\"id\":\"meta-array\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\",\"metadata\":[1,2]},"
                + "{\"id\":\"neg-duration\",\"type\":\"response.time_recorded\",\"timestamp\":\"" + now + "\",\"durationMs\":-5},"
                + "{\"id\":\"text-value\",\"type\":\"satisfaction.rating_received\",\"timestamp\":\"" + now + "\",\"value\":\"five\"},"
                + "{\"id\":\"bad-channel\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\",\"channel\":\"pigeon\"},"
                + "42,"
                + "{\"id\":\"ok-2\",\"type\":\"response.time_recorded\",\"timestamp\":\"" + now + "\",\"durationMs\":1500,\"metadata\":{\"k\":\"v\"}}"
                + "]";

        Http.Response r = http().post("/api/events", t.key(), body);

        assertStatus(r, 200);
        JsonNode json = r.json();
        assertThat(json.get("accepted").asInt()).isEqualTo(2);
        assertThat(json.get("duplicates").asInt()).isZero();
        List<String> rejected = new ArrayList<>();
        for (JsonNode rej : json.get("rejected")) {
            rejected.add(rej.get("index").asInt() + ":" + rej.get("field").asString());
            assertThat(rej.get("error").asString()).isNotBlank();
        }
        assertThat(rejected).containsExactly("1:type", "2:timestamp", "3:timestamp", "4:timestamp", "5:tenantId",
                "6:id", "7:botId", "8:metadata", "9:metadata", "10:durationMs", "11:value", "12:channel", "13:event");
        assertThat(json.get("rejected").get(0).get("error").asString()).contains("message.teleported");
        assertThat(storedIds(t)).containsExactlyInAnyOrder("ok-1", "ok-2");
        JsonNode stored = http().get("/api/events?type=message.received", t.key()).json().get(0);
        assertThat(stored.get("channel").asString()).isEqualTo("whatsapp");
    }

    @Test
    void resendingABatchStoresNothingTwiceAndCountsTheDuplicates() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String now = now();
        String batch = "[{\"id\":\"a\",\"type\":\"message.received\",\"timestamp\":\"" + now + "\"},"
                + "{\"id\":\"b\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\"},"
                + "{\"id\":\"b\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\"}]";

        JsonNode first = http().post("/api/events", t.key(), batch).json();
        JsonNode second = http().post("/api/events", t.key(), batch).json();

        assertThat(first.get("accepted").asInt()).isEqualTo(2);
        assertThat(first.get("duplicates").asInt()).isEqualTo(1);
        assertThat(second.get("accepted").asInt()).isZero();
        assertThat(second.get("duplicates").asInt()).isEqualTo(3);
        assertThat(storedIds(t)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void anEventWithoutIdGetsOneAssigned() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String e = "{\"type\":\"message.received\",\"timestamp\":\"" + now() + "\"}";

        http().post("/api/events", t.key(), "[" + e + "," + e + "]");

        List<String> ids = storedIds(t);
        assertThat(ids).hasSize(2).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).hasSize(36));
    }

    @Test
    void gzippedNdjsonIsAcceptedAndABrokenLineIsRejectedAlone() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String now = now();
        String ndjson = "{\"id\":\"n1\",\"type\":\"message.received\",\"timestamp\":\"" + now + "\"}\n"
                + "{\"id\":\"n2\",\"type\":\n"
                + "\n"
                + "{\"id\":\"n3\",\"type\":\"message.sent\",\"timestamp\":\"" + now + "\"}\r\n";

        Http.Response r = http().post("/api/events", t.key(), "application/x-ndjson",
                ndjson.getBytes(StandardCharsets.UTF_8), true);

        assertStatus(r, 200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.json().get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(storedIds(t)).containsExactlyInAnyOrder("n1", "n3");
    }

    @Test
    void aMalformedJsonArrayIsRefusedWholeWithTheReason() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String body = "[{\"id\":\"m1\",\"type\":\"message.received\",\"timestamp\":\"" + now() + "\"}, {\"id\": ";

        Http.Response r = http().post("/api/events", t.key(), body);

        assertStatus(r, 400);
        assertThat(r.json().get("error").asString()).isEqualTo("invalid body");
        assertThat(r.json().get("detail").asString()).contains("nothing was stored");
        assertThat(storedIds(t)).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413AsSentAndAfterGunzip() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        byte[] big = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';

        String announced = http().announceUpload("/api/events", t.key(), big.length);
        Http.Response zipped = http().post("/api/events", t.key(), "application/json", big, true);

        assertThat(announced).isEqualTo("HTTP/1.1 413 ");
        assertStatus(zipped, 413);
        assertThat(zipped.json().get("detail").asString()).contains("max-request-bytes");
    }

    @Test
    void keysWithoutTheRightScopeOrNoKeyAtAllAreRefused() {
        TestTenant readOnly = newTenant("UTC", "read");
        TestTenant ingestOnly = newTenant("UTC", "ingest");
        String batch = "[{\"type\":\"message.received\",\"timestamp\":\"" + now() + "\"}]";

        assertStatus(http().post("/api/events", null, batch), 401);
        assertStatus(http().post("/api/events", "cvl_not-a-key", batch), 401);
        assertStatus(http().post("/api/events", readOnly.key(), batch), 403);
        assertStatus(http().get("/api/events", ingestOnly.key()), 403);
    }

    @Test
    void theExplorerFiltersAndAnswersCsv() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        http().post("/api/events", t.key(), "["
                + "{\"id\":\"c1-in\",\"type\":\"message.received\",\"conversationId\":\"c1\",\"timestamp\":\"" + base + "\"},"
                + "{\"id\":\"c1-out\",\"type\":\"message.sent\",\"conversationId\":\"c1\",\"timestamp\":\"" + base.plusSeconds(5) + "\",\"metadata\":{\"text\":\"hi, \\\"you\\\"\"}},"
                + "{\"id\":\"c2-in\",\"type\":\"message.received\",\"conversationId\":\"c2\",\"timestamp\":\"" + base.plusSeconds(9) + "\"}]");

        assertThat(ids(http().get("/api/events?conversationId=c1", t.key()))).containsExactly("c1-out", "c1-in");
        assertThat(ids(http().get("/api/events?type=message.received&limit=1", t.key()))).containsExactly("c2-in");
        assertThat(ids(http().get("/api/events?from=" + base.plusSeconds(1) + "&to=" + base.plusSeconds(9), t.key())))
                .containsExactly("c1-out");
        Http.Response csv = http().get("/api/events?conversationId=c1&format=csv", t.key());
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).hasSize(3);
        assertThat(csv.body()).contains("\"{\"\"text\"\":\"\"hi, \\\"\"you\\\"\"\"\"}\"");
        assertStatus(http().get("/api/events?type=nope", t.key()), 400);
        assertStatus(http().get("/api/events?from=yesterday", t.key()), 400);
        assertStatus(http().get("/api/events?limit=0", t.key()), 400);
    }

    @Test
    void theExplorerTakesLocalDatesOfTheTenantLikeEveryAnalyticsRoute() {
        TestTenant t = newTenant("Asia/Tokyo", "ingest", "read");
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(2);
        // Tokyo is UTC+9: the local day runs from the previous day 15:00Z to this day 15:00Z
        Instant dayStart = day.atStartOfDay().toInstant(java.time.ZoneOffset.ofHours(9));
        http().post("/api/events", t.key(), "["
                + "{\"id\":\"before\",\"type\":\"message.received\",\"timestamp\":\"" + dayStart.minusSeconds(60) + "\"},"
                + "{\"id\":\"first\",\"type\":\"message.received\",\"timestamp\":\"" + dayStart + "\"},"
                + "{\"id\":\"last\",\"type\":\"message.received\",\"timestamp\":\"" + dayStart.plusSeconds(86_399) + "\"},"
                + "{\"id\":\"after\",\"type\":\"message.received\",\"timestamp\":\"" + dayStart.plusSeconds(86_400) + "\"}]");

        assertThat(ids(http().get("/api/events?from=" + day + "&to=" + day, t.key()))).containsExactly("last", "first");
        assertThat(ids(http().get("/api/events?from=" + day.plusDays(1), t.key()))).containsExactly("after");
        assertThat(ids(http().get("/api/events?to=" + day.minusDays(1), t.key()))).containsExactly("before");
        Http.Response bad = http().get("/api/events?from=2026-13-01", t.key());
        assertStatus(bad, 400);
        assertThat(bad.json().get("error").asString()).isEqualTo("invalid from");
    }

    private static List<String> ids(Http.Response r) {
        assertStatus(r, 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode e : r.json()) ids.add(e.get("id").asString());
        return ids;
    }
}
