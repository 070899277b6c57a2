package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerProcess;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Generated batches against a running service: whatever is sent, the answer is never a 5xx, every event is
 * accounted for ({@code accepted + duplicates + rejected} = events sent), and every stored string reads back exactly
 * as it was sent.
 */
class IngestPropertyTest {
    private static final String ADMIN = "property-admin";
    private static final AtomicInteger TRY = new AtomicInteger();
    private static ServerProcess server;
    private static TestTenant tenant;

    @BeforeContainer
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("convolens-property");
        server = ServerProcess.start(dir.resolve("data"), ADMIN, dir.resolve("server.log"),
                "--convolens.monitor.enabled=false", "--convolens.jobs.enabled=false");
        tenant = TestTenants.create(server.http(), ADMIN, "UTC", "ingest", "read");
    }

    @AfterContainer
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** One generated event: its id (after the try's prefix) and userId as sent, and the rest of its JSON. */
    record Generated(String id, String userId, String rest) {
        String json(String prefix) {
            return "{\"id\":" + ApiError.quote(prefix + id) + ",\"userId\":" + ApiError.quote(userId) + rest + "}";
        }
    }

    @Property(tries = 150)
    void everyEventIsAccountedForStoredStringsAreExactAndNothingIs5xx(@ForAll("batches") List<Generated> batch) {
        String conversation = "prop-" + TRY.incrementAndGet();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) body.append(',');
            body.append(batch.get(i).json(conversation + ":").replace("\"conversationId\":\"?\"",
                    "\"conversationId\":\"" + conversation + "\""));
        }
        Http.Response r = server.http().post("/api/events", tenant.key(), body.append(']').toString());

        assertThat(r.status()).as(r.body()).isLessThan(500);
        Statistics.label("status").collect(r.status());
        if (r.status() != 200) {
            assertThat(r.json().has("error")).as(r.body()).isTrue();
            return;
        }
        JsonNode answer = r.json();
        int rejected = answer.get("rejected").size();
        Statistics.label("outcome").collect(answer.get("accepted").asInt() > 0 ? "some stored" : "none stored");
        assertThat(answer.get("accepted").asInt() + answer.get("duplicates").asInt() + rejected).isEqualTo(batch.size());

        Set<Integer> refused = new HashSet<>();
        for (JsonNode x : answer.get("rejected")) refused.add(x.get("index").asInt());
        Map<String, String> expected = new HashMap<>(); // the first sent event of each id wins
        for (int i = 0; i < batch.size(); i++) {
            if (!refused.contains(i)) expected.putIfAbsent(conversation + ":" + batch.get(i).id(), batch.get(i).userId());
        }
        Map<String, String> stored = new HashMap<>();
        for (JsonNode e : server.http().get("/api/events?limit=1000&conversationId=" + conversation, tenant.key()).json()) {
            stored.put(e.get("id").asString(), e.path("userId").isNull() ? null : e.path("userId").asString(null));
        }
        assertThat(stored).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Generated>> batches() {
        return event().list().ofMinSize(1).ofMaxSize(12);
    }

    private Arbitrary<Generated> event() {
        // any UTF-16 text: letters, emoji pairs, control characters, quotes and lone surrogates
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().withChars("-_.:@=+ ").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("\ud83d\ude00", "\ud800", "x\udfff", "?", "é", "\u0000", "\"", "\\", "=cmd", "a b"));
        Arbitrary<String> ids = Arbitraries.oneOf(text, Arbitraries.of("same-1", "same-2"));
        Arbitrary<String> type = Arbitraries.of("message.received", "message.sent", "llm.call", "nope.type");
        Arbitrary<String> timestamp = Arbitraries.of(0, 1, 2, 3).map(k -> switch (k) {
            case 0 -> Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            case 1 -> Instant.now().minus(2, ChronoUnit.HOURS).toString();
            case 2 -> "2026-11-21T10:15:30.Z";
            default -> Instant.now().plus(2, ChronoUnit.HOURS).toString();
        });
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("1e400", "\"12\"", "null", "12", "1" + "0".repeat(320)));
        Arbitrary<String> metadata = Arbitraries.oneOf(Arbitraries.just("null"),
                text.map(t -> "{\"note\":" + ApiError.quote(t) + "}"), Arbitraries.just("[1]"),
                Arbitraries.integers().between(1, 34).map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d)));
        return Combinators.combine(ids, text, type, timestamp, value, metadata).as((id, userId, t, ts, v, m) ->
                new Generated(id, userId, ",\"type\":\"" + t + "\",\"timestamp\":\"" + ts
                        + "\",\"conversationId\":\"?\",\"value\":" + v + ",\"metadata\":" + m));
    }
}
