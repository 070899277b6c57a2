package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Input an adversary sends: a clear 4xx in the API's JSON shape naming the field or bound, never a 500 or a rewrite. */
class HostileInputTest extends ServerTest {
    private static final String NDJSON = "application/x-ndjson";

    private static String event(String id, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"message.received\",\"timestamp\":\""
                + Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\"" + extra + "}";
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    @Test
    void jsonNestedPastTheBoundIsA400NamingItOrInNdjsonRejectsOnlyItsLine() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        for (String body : List.of("[" + event("d1", ",\"metadata\":" + nested(600)) + "]",
                "[" + event("d2", ",\"unknown\":" + nested(600)) + "]", "[".repeat(600) + "]".repeat(600))) {
            Http.Response r = http().post("/api/events", t.key(), body);
            assertStatus(r, 400);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.json().get("detail").asString()).contains("convolens.ingest.max-json-depth (32)");
        }
        // 31 levels inside the event's own object are within the bound
        assertStatus(http().post("/api/events", t.key(), "[" + event("d3", ",\"metadata\":" + nested(30)) + "]"), 200);

        String lines = event("n1", "") + "\n" + event("n2", ",\"metadata\":" + nested(600)) + "\n" + event("n3", "");
        JsonNode answer = http().post("/api/events", t.key(), NDJSON, lines.getBytes(StandardCharsets.UTF_8), false).json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").get(0).get("error").asString()).contains("max-json-depth");
    }

    @Test
    void aLoneSurrogateRejectsItsEventNamingTheFieldSoTwoIdsNeverBecomeOne() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String body = "[" + event("\\ud800", "") + "," + event("?", "") + "," + event("x\\udfff", "")
                + "," + event("smile-\\ud83d\\ude00", "") + "," + event("u1", ",\"userId\":\"a\\udc00b\"")
                + "," + event("m1", ",\"metadata\":{\"note\":\"ok\",\"deep\":[{\"x\":\"\\ud801\"}]}") + "]";
        JsonNode answer = http().post("/api/events", t.key(), body).json();

        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        List<String> rejected = new ArrayList<>();
        for (JsonNode r : answer.get("rejected")) rejected.add(r.get("index").asInt() + ":" + r.get("field").asString());
        assertThat(rejected).containsExactly("0:id", "2:id", "4:userId", "5:metadata.deep[0].x");
        List<String> stored = http().get("/api/events", t.key()).json().findValuesAsString("id");
        assertThat(stored).containsExactlyInAnyOrder("?", "smile-\ud83d\ude00");
    }

    @Test
    void bytesThatAreNotUtf8RejectTheEventTheyStandIn() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        byte[] array = concat(("[" + event("b1", "") + ",").getBytes(StandardCharsets.UTF_8),
                ("{\"id\":\"b2\",\"type\":\"message.received\",\"timestamp\":\"" + Instant.now().minusSeconds(60)
                        + "\",\"userId\":\"x").getBytes(StandardCharsets.UTF_8),
                overlongSlash, ("\"}," + event("b3", "") + "]").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = http().post("/api/events", t.key(), "application/json", array, false).json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").get(0).get("field").asString()).isEqualTo("userId");
        assertThat(answer.get("rejected").get(0).get("error").asString()).contains("UTF-8");

        byte[] lines = concat((event("l1", "") + "\n{\"id\":\"l2\",\"type\":\"message.received\",\"timestamp\":\""
                + Instant.now().minusSeconds(60) + "\",\"intent\":\"").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ("\"}\n" + event("l3", "")).getBytes(StandardCharsets.UTF_8));
        JsonNode ndjson = http().post("/api/events", t.key(), NDJSON, lines, false).json();
        assertThat(ndjson.get("accepted").asInt()).isEqualTo(2);
        assertThat(ndjson.get("rejected").get(0).get("field").asString()).isEqualTo("intent");
        assertThat(http().get("/api/events", t.key()).json().findValuesAsString("id"))
                .containsExactlyInAnyOrder("b1", "b3", "l1", "l3");
    }

    @Test
    void numbersTooLargeRejectTheirEventAndPastTheBoundTheRequestNamesIt() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String huge = "1" + "0".repeat(309); // 1e309: no double holds it
        String body = "[" + event("v1", ",\"value\":" + huge) + "," + event("v2", ",\"value\":1e400") + ","
                + event("v3", ",\"metadata\":{\"n\":1e400}") + "," + event("v4", ",\"value\":2.5") + "]";
        JsonNode answer = http().post("/api/events", t.key(), body).json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").findValuesAsString("field")).containsExactly("value", "value", "metadata.n");

        Http.Response digits = http().post("/api/events", t.key(), "[" + event("v5", ",\"value\":" + "9".repeat(1500)) + "]");
        assertStatus(digits, 400);
        assertThat(digits.json().get("detail").asString()).contains("convolens.ingest.max-number-digits (1000");
        StringBuilder many = new StringBuilder("{");
        for (int k = 0; k < 257; k++) many.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":1");
        JsonNode keys = http().post("/api/events", t.key(), "[" + event("v7", ",\"metadata\":" + many + "}") + ","
                + event("v8", ",\"metadata\":{\"a\":{\"b\":[{\"c\":1}]}}") + "]").json();
        assertThat(keys.get("accepted").asInt()).isEqualTo(1);
        assertThat(keys.get("rejected").get(0).get("error").asString())
                .isEqualTo("metadata has 257 keys; convolens.ingest.max-metadata-keys is 256");
        Http.Response name = http().post("/api/events", t.key(),
                "[" + event("v6", ",\"" + "k".repeat(50_000) + "\":1") + "]");
        assertStatus(name, 400);
        assertThat(name.json().get("detail").asString()).contains("convolens.ingest.max-name-chars (1024");
    }

    @Test
    void aTruncatedOrEmptyGzipBodyIsA400() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        byte[] gz = Http.gzip(("[" + event("g1", "") + "]").getBytes(StandardCharsets.UTF_8));
        for (byte[] body : List.of(Arrays.copyOf(gz, gz.length / 2), new byte[0])) {
            String answer = raw("POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + t.key()
                    + "\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n", body);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"invalid body\"").contains("gzip");
        }
    }

    @Test
    void aQueryThatIsNotUtf8IsA400OnEveryReadRoute() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        for (String route : List.of("/api/events", "/api/analytics/dashboard", "/api/analytics/timeseries",
                "/api/analytics/livechat", "/api/analytics/response-times", "/exports", "/schedules")) {
            Http.Response r = http().get(route + "?from=%ED%A0%80", t.key());
            assertThat(r.status()).as(route).isEqualTo(400);
            assertThat(r.json().get("error").asString()).isEqualTo("invalid query");
            assertThat(r.json().get("detail").asString()).contains("'from'");
        }
    }

    @Test
    void noSpellingOfAProtectedPathSkipsTheKeyCheck() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        for (String path : List.of("/api;x=1/events", "/%61pi/events", "//api/events", "/api/./events",
                "/x/../api/events", "/api/events;jsessionid=1", "/%2561pi/events", "/api/analytics;a=b/dashboard",
                "/%65xports?from=2026-11-01&to=2026-11-02", "/sch%65dules")) {
            Http.Response r = http().get(path, null);
            assertThat(r.status()).as(path + ": " + r.body()).isIn(400, 401, 404);
            assertThat(r.status()).as(path).isNotEqualTo(500);
            assertThat(r.contentType()).as(path).startsWith("application/json");
            assertThat(r.body()).as(path).doesNotContain("dev.convolens");
        }
        assertStatus(http().get("/api;x=1/events", null), 401);
        assertStatus(http().get("/%61pi/events", null), 401);
        assertStatus(http().get("/%61pi/events", t.key()), 200);
    }

    @Test
    void errorsRaisedBeforeAnyControllerAreTheJsonShapeToo() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        Http.Response unknown = http().get("/api/nothing-here", t.key());
        assertStatus(unknown, 404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("not found");
        Http.Response method = http().delete("/api/events", t.key());
        assertStatus(method, 405);
        assertThat(method.json().has("error")).isTrue();
        Http.Response media = http().post("/api/tenants", ADMIN_KEY, "text/plain", "hello".getBytes(), false);
        assertStatus(media, 415);
        assertThat(media.json().get("error").asString()).isEqualTo("unsupported media type");

        String badLine = raw("GET /api/events?a=b{c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(badLine).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json");
        assertThat(badLine.substring(badLine.indexOf("\r\n\r\n"))).contains("\"error\":").doesNotContain("<html");
    }

    @Test
    void csvCellsASpreadsheetWouldRunAsFormulasAreNeutralized() {
        TestTenant t = newTenant("UTC", "ingest", "read");
        http().post("/api/events", t.key(), "[" + event("=1+2", ",\"userId\":\"@SUM(A1)\",\"conversationId\":\"+c\""
                + ",\"botId\":\"-bot\",\"value\":-3") + "]");
        String csv = http().get("/api/events?format=csv", t.key()).body();
        String row = csv.lines().skip(1).findFirst().orElseThrow();
        assertThat(row).startsWith("'=1+2,message.received,").contains(",'-bot,", ",'+c,", ",'@SUM(A1),", ",-3.0,");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Sends bytes as they are, no client normalizing them, and answers the whole response as text. */
    private String raw(String head, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
