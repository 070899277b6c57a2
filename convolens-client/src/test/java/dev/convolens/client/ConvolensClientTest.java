package dev.convolens.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The client against a real HTTP server that stands in for the service; no service, no mocks. */
class ConvolensClientTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");

    final FakeIngest ingest = new FakeIngest();
    final Recorder heard = new Recorder();
    final List<ConvolensClient> clients = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        clients.forEach(ConvolensClient::close);
        ingest.close();
    }

    ConvolensClient.Builder client() {
        return ConvolensClient.builder().endpoint(ingest.endpoint()).apiKey("cvl_test").listener(heard)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).flushInterval(Duration.ofHours(1));
    }

    ConvolensClient start(ConvolensClient.Builder builder) {
        ConvolensClient c = builder.build();
        clients.add(c);
        return c;
    }

    static Event event(String user) {
        return Event.builder("message.received").userId(user).conversationId("c-1").build();
    }

    @Test
    void aFullBatchLeavesAtOnceAndTheRestWaitsForTheFlushInterval() throws Exception {
        ConvolensClient client = start(client().batchSize(100).maxBatchSize(100).concurrency(1));
        for (int i = 0; i < 250; i++) client.record(event("u" + i));

        List<FakeIngest.Request> sent = ingest.awaitRequests(2, WAIT);
        assertThat(sent).extracting(r -> r.events().size()).containsExactly(100, 100);
        assertThat(client.stats().queued()).as("the last 50 wait for the interval (an hour)").isEqualTo(50);

        FlushResult result = client.flush();
        assertThat(ingest.requests()).extracting(r -> r.events().size()).containsExactly(100, 100, 50);
        assertThat(result).isEqualTo(new FlushResult(250, 0, 0, 0, 0));
        assertThat(ingest.requests().stream().flatMap(r -> r.events().stream()).map(e -> e.get("userId").asString()))
                .as("in recording order").containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 250).mapToObj(i -> "u" + i).toList());
    }

    @Test
    void eventsThatPileUpWhileTheSendersAreBusyLeaveTogetherUpToTheMaximumBatch() throws Exception {
        ingest.respond(holdFirstRequest());
        ConvolensClient client = start(client().batchSize(5).maxBatchSize(10).concurrency(1));
        for (int i = 0; i < 5; i++) client.record(event("u" + i));
        ingest.awaitRequests(1, WAIT);
        for (int i = 5; i < 28; i++) client.record(event("u" + i));

        release.countDown();
        assertThat(ingest.awaitRequests(3, WAIT)).extracting(r -> r.events().size()).containsExactly(5, 10, 10);
        assertThat(client.flush()).isEqualTo(new FlushResult(28, 0, 0, 0, 0));
        assertThat(ingest.requests()).extracting(r -> r.events().size()).containsExactly(5, 10, 10, 3);
    }

    @Test
    void anEventThatDoesNotFillABatchLeavesWhenTheFlushIntervalEnds() throws Exception {
        ConvolensClient client = start(client().flushInterval(Duration.ofMillis(150)));
        long recordedAt = System.nanoTime();
        client.record(event("u1"));

        FakeIngest.Request request = ingest.awaitRequests(1, WAIT).get(0);
        assertThat(request.events()).hasSize(1);
        assertThat(Duration.ofNanos(request.receivedNanos() - recordedAt))
                .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void eachFlushReportsTheOutcomesOfTheEventsRecordedSinceThePreviousOne() throws Exception {
        ConvolensClient client = start(client());
        for (int i = 0; i < 3; i++) client.record(event("a" + i));
        assertThat(client.flush()).isEqualTo(new FlushResult(3, 0, 0, 0, 0));
        for (int i = 0; i < 2; i++) client.record(event("b" + i));
        assertThat(client.flush()).isEqualTo(new FlushResult(2, 0, 0, 0, 0));
        assertThat(client.flush()).as("nothing recorded since").isEqualTo(new FlushResult(0, 0, 0, 0, 0));
        assertThat(client.stats()).extracting(ClientStats::recorded, ClientStats::sent, ClientStats::queued,
                ClientStats::inFlight).containsExactly(5L, 5L, 0, 0);
    }

    @Test
    void aBatchIsAGzippedJsonArrayWithEveryFieldTheClientsClockAndAGeneratedUuid() throws Exception {
        ConvolensClient client = start(client());
        client.record(Event.builder("llm.call").botId("support-bot").channel("webchat").conversationId("c-9")
                .sessionId("s-9").userId("u-9").staffId("agent-1").groupId("g-1").taskId("t-1").intent("refund")
                .tenantId("acme").value(0.75).durationMs(1234).metadata(Map.of("tokens", 512, "model", "m-1"))
                .build());
        Instant stamped = Instant.parse("2026-11-20T08:00:00Z");
        for (int i = 0; i < 20; i++) {
            client.record(Event.builder("message.sent").id("fixed-" + i).timestamp(stamped).userId("u" + i).build());
        }
        client.flush();

        FakeIngest.Request request = ingest.requests().get(0);
        assertThat(request.gzipped()).as("a body over 1 KiB is gzipped").isTrue();
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer cvl_test");
        JsonNode first = request.events().get(0);
        assertThat(UUID.fromString(first.get("id").asString())).isNotNull();
        assertThat(first.get("timestamp").asString()).isEqualTo("2026-11-21T10:15:30.123Z");
        assertThat(first.get("type").asString()).isEqualTo("llm.call");
        for (String field : List.of("botId", "channel", "conversationId", "sessionId", "userId", "staffId", "groupId",
                "taskId", "intent", "tenantId")) {
            assertThat(first.get(field).asString()).as(field).isNotBlank();
        }
        assertThat(first.get("value").asDouble()).isEqualTo(0.75);
        assertThat(first.get("durationMs").asLong()).isEqualTo(1234);
        assertThat(first.get("metadata").get("tokens").asInt()).isEqualTo(512);
        assertThat(request.events().get(5).get("id").asString()).isEqualTo("fixed-4");
        assertThat(request.events().get(5).get("timestamp").asString()).isEqualTo("2026-11-20T08:00:00Z");
    }

    @Test
    void aSmallBatchIsSentPlain() throws Exception {
        ConvolensClient client = start(client());
        client.record(event("u1"));
        client.flush();
        assertThat(ingest.requests().get(0).gzipped()).isFalse();
    }

    @Test
    void aResendAfterALostAnswerCarriesTheSameIdsSoEachEventIsStoredOnce() throws Exception {
        ingest.respond((request, fake) -> {
            if (request.number() > 1) return null;
            fake.store(request.events());
            return FakeIngest.Reply.status(502, "the proxy lost the answer");
        });
        ConvolensClient client = start(client().initialBackoff(Duration.ofMillis(1)));
        for (int i = 0; i < 10; i++) client.record(event("u" + i));

        FlushResult result = client.flush();

        List<FakeIngest.Request> requests = ingest.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).ids()).isEqualTo(requests.get(0).ids()).doesNotContainNull();
        assertThat(result).isEqualTo(new FlushResult(0, 10, 0, 0, 0));
        assertThat(result.stored()).isEqualTo(10);
        assertThat(ingest.stored()).hasSize(10);
    }

    @Test
    void retriesBackOffExponentiallyWithJitterAndWaitAtLeastTheServersRetryAfter() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ingest.respond((request, fake) -> switch (calls.incrementAndGet()) {
            case 1, 2 -> FakeIngest.Reply.status(503, "busy");
            case 3 -> FakeIngest.Reply.status(429, "slow down");
            case 4 -> FakeIngest.Reply.status(500, "oops");
            case 5 -> FakeIngest.Reply.retryAfter(503, "7");
            default -> null;
        });
        FakeTicker ticker = new FakeTicker();
        ConvolensClient client = start(client().ticker(ticker).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(350)));
        client.record(event("u1"));

        assertThat(client.flush()).isEqualTo(new FlushResult(1, 0, 0, 0, 0));

        List<Long> ms = ticker.sleeps().stream().map(n -> n / 1_000_000).toList();
        assertThat(ms).hasSize(5);
        assertThat(ms.get(0)).isBetween(50L, 100L);
        assertThat(ms.get(1)).isBetween(100L, 200L);
        assertThat(ms.get(2)).isBetween(175L, 350L);
        assertThat(ms.get(3)).as("capped by maxBackoff").isBetween(175L, 350L);
        assertThat(ms.get(4)).as("Retry-After: 7 beats the backoff").isEqualTo(7_000L);
        assertThat(client.stats().retries()).isEqualTo(5);
        assertThat(ingest.requests()).hasSize(6);
    }

    @Test
    void aBatchStillRefusedWhenTheRetryTimeoutRunsOutFailsToTheListener() throws Exception {
        ingest.respond((request, fake) -> FakeIngest.Reply.retryAfter(503, "1"));
        FakeTicker ticker = new FakeTicker();
        ConvolensClient client = start(client().ticker(ticker).retryTimeout(Duration.ofSeconds(10)));
        client.record(event("u1"));
        client.record(event("u2"));

        FlushResult result = client.flush();

        assertThat(result).isEqualTo(new FlushResult(0, 0, 0, 0, 2));
        assertThat(ticker.sleeps().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(
                Duration.ofSeconds(10).toNanos());
        assertThat(heard.failed).hasSize(1);
        assertThat(heard.failed.get(0).reason()).contains("gave up", "HTTP 503", "busy");
        assertThat(heard.failed.get(0).events()).extracting(Event::userId).containsExactly("u1", "u2");
        assertThat(heard.failed.get(0).events()).allSatisfy(e -> assertThat(e.id()).isNotNull());
    }

    @Test
    void aClientErrorOtherThan413And429IsPermanentAndNotRetried() throws Exception {
        ingest.respond((request, fake) -> FakeIngest.Reply.status(401, "the API key is unknown or revoked"));
        ConvolensClient client = start(client());
        client.record(event("u1"));

        assertThat(client.flush()).isEqualTo(new FlushResult(0, 0, 0, 0, 1));
        assertThat(ingest.requests()).hasSize(1);
        assertThat(heard.failed.get(0).reason()).contains("HTTP 401", "unknown or revoked");
        assertThat(client.stats().retries()).isZero();
    }

    @Test
    void a413SplitsTheBatchInHalvesUntilEachPartFitsAndAnEventTooLargeAloneFails() throws Exception {
        ingest.respond((request, fake) -> {
            boolean huge = request.events().stream().anyMatch(e -> e.has("metadata"));
            return request.events().size() > 10 || huge ? FakeIngest.Reply.status(413, "request too large") : null;
        });
        ConvolensClient client = start(client().batchSize(40));
        for (int i = 0; i < 39; i++) client.record(event("u" + i));
        client.record(Event.builder("message.received").userId("huge").metadata("text", "x".repeat(1000)).build());

        FlushResult result = client.flush();

        assertThat(result).isEqualTo(new FlushResult(39, 0, 0, 0, 1));
        assertThat(ingest.requests().get(0).events()).hasSize(40);
        assertThat(heard.failed).singleElement().satisfies(f -> {
            assertThat(f.events()).extracting(Event::userId).containsExactly("huge");
            assertThat(f.reason()).contains("413");
        });
    }

    @Test
    void anEventTheServerRejectsReachesTheListenerWithItsFieldAndReason() throws Exception {
        ingest.respond((request, fake) -> {
            List<String> rejected = new ArrayList<>();
            List<JsonNode> good = new ArrayList<>();
            for (int i = 0; i < request.events().size(); i++) {
                JsonNode e = request.events().get(i);
                if (e.get("type").asString().equals("no.such.type")) {
                    rejected.add("{\"index\":" + i + ",\"field\":\"type\",\"error\":\"unknown event type\"}");
                } else {
                    good.add(e);
                }
            }
            fake.store(good);
            return new FakeIngest.Reply(200, "{\"accepted\":" + good.size() + ",\"duplicates\":0,\"rejected\":["
                    + String.join(",", rejected) + "]}", Map.of());
        });
        ConvolensClient client = start(client());
        client.record(event("u1"));
        client.record(Event.builder("no.such.type").userId("u2").build());
        client.record(event("u3"));

        assertThat(client.flush()).isEqualTo(new FlushResult(2, 0, 1, 0, 0));
        assertThat(heard.rejected).singleElement().satisfies(r -> {
            assertThat(r.event().userId()).isEqualTo("u2");
            assertThat(r.event().id()).isEqualTo(ingest.requests().get(0).ids().get(1));
            assertThat(r.field()).isEqualTo("type");
            assertThat(r.error()).isEqualTo("unknown event type");
        });
    }

    @Test
    void dropOldestDiscardsTheOldestWaitingEventsWithoutBlockingAndCountsAndReportsThem() throws Exception {
        ingest.respond(holdFirstRequest());
        ConvolensClient client = start(client().batchSize(5).bufferCapacity(10).concurrency(1));
        for (int i = 0; i < 5; i++) client.record(event("u" + i));
        ingest.awaitRequests(1, WAIT);

        for (int i = 5; i < 18; i++) client.record(event("u" + i));

        assertThat(client.stats().dropped()).isEqualTo(3);
        assertThat(client.stats().queued()).isEqualTo(10);
        assertThat(heard.dropped).extracting(Event::userId).containsExactly("u5", "u6", "u7");
        release.countDown();
        FlushResult result = client.flush();
        assertThat(result).isEqualTo(new FlushResult(15, 0, 0, 3, 0));
        assertThat(ingest.requests().stream().flatMap(r -> r.events().stream()).map(e -> e.get("userId").asString()))
                .doesNotContain("u5", "u6", "u7").contains("u4", "u8", "u17");
    }

    @Test
    void blockMakesTheRecorderWaitForRoomAndLosesNothing() throws Exception {
        ingest.respond(holdFirstRequest());
        ConvolensClient client = start(client().batchSize(5).bufferCapacity(10).concurrency(1)
                .overflow(OverflowPolicy.BLOCK));
        for (int i = 0; i < 5; i++) client.record(event("u" + i));
        ingest.awaitRequests(1, WAIT);
        for (int i = 5; i < 15; i++) client.record(event("u" + i));

        Thread recorder = new Thread(() -> client.record(event("u15")));
        recorder.start();
        awaitState(recorder, Thread.State.WAITING);
        assertThat(client.stats().blocked()).isEqualTo(1);
        release.countDown();
        recorder.join(WAIT.toMillis());
        assertThat(recorder.isAlive()).isFalse();

        assertThat(client.flush()).isEqualTo(new FlushResult(16, 0, 0, 0, 0));
        assertThat(ingest.stored()).hasSize(16);
    }

    @Test
    void closeSendsWhatIsBufferedAndEventsRecordedAfterwardsAreDropped() {
        ConvolensClient client = start(client());
        for (int i = 0; i < 3; i++) client.record(event("u" + i));

        client.close();
        assertThat(ingest.stored()).hasSize(3);

        client.record(event("late"));
        assertThat(client.stats().dropped()).isEqualTo(1);
        assertThat(heard.dropped).extracting(Event::userId).containsExactly("late");
    }

    @Test
    void closeGivesUpAfterTheCloseTimeoutAndReportsTheUndeliveredEventsAsFailed() {
        ingest.respond(holdFirstRequest());
        ConvolensClient client = start(client().batchSize(2).concurrency(1).closeTimeout(Duration.ofMillis(300)));
        for (int i = 0; i < 5; i++) client.record(event("u" + i));

        long start = System.nanoTime();
        client.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        assertThat(client.stats().failed()).isEqualTo(5);
        assertThat(heard.failed.stream().flatMap(f -> f.events().stream()).map(Event::userId))
                .containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4");
    }

    @Test
    void metadataJacksonCannotWriteFailsOnlyItsOwnEvent() throws Exception {
        ConvolensClient client = start(client());
        client.record(event("u1"));
        client.record(Event.builder("message.received").userId("bad").metadata("thing", new Exploding()).build());
        client.record(event("u3"));

        assertThat(client.flush()).isEqualTo(new FlushResult(2, 0, 0, 0, 1));
        assertThat(heard.failed).singleElement().satisfies(f -> {
            assertThat(f.events()).extracting(Event::userId).containsExactly("bad");
            assertThat(f.reason()).contains("metadata");
        });
    }

    @Test
    void eventsRecordedFromManyThreadsAreEachSentOnce() throws Exception {
        ConvolensClient client = start(client().batchSize(50).bufferCapacity(200).overflow(OverflowPolicy.BLOCK)
                .concurrency(3));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 2_000; i++) client.record(event(thread + "-" + i));
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join(WAIT.toMillis());

        assertThat(client.flush()).isEqualTo(new FlushResult(8_000, 0, 0, 0, 0));
        assertThat(ingest.requests().stream().mapToInt(r -> r.events().size()).sum()).isEqualTo(8_000);
        assertThat(ingest.stored()).hasSize(8_000);
    }

    @Test
    void aBufferSmallerThanABatchOrAnEndpointThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> client().batchSize(100).bufferCapacity(50).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bufferCapacity");
        assertThatThrownBy(() -> client().batchSize(100).maxBatchSize(50).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchSize");
        assertThatThrownBy(() -> client().endpoint("ftp://x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> Event.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
    }

    /** A metadata value whose getter throws, as a half-initialized domain object might. */
    public static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("not ready");
        }
    }

    /** The first request waits in the server until the test releases it; the rest are answered at once. */
    private FakeIngest.Responder holdFirstRequest() {
        return (request, fake) -> {
            if (request.number() == 1 && !release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
            return null;
        };
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("thread state %s", state).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** What the listener heard. */
    static final class Recorder implements DeliveryListener {
        record Rejected(Event event, String field, String error) {}

        record Failed(List<Event> events, String reason) {}

        final List<Rejected> rejected = Collections.synchronizedList(new ArrayList<>());
        final List<Failed> failed = Collections.synchronizedList(new ArrayList<>());
        final List<Event> dropped = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void rejected(Event event, String field, String error) {
            rejected.add(new Rejected(event, field, error));
        }

        @Override
        public void failed(List<Event> events, String reason) {
            failed.add(new Failed(events, reason));
        }

        @Override
        public void dropped(Event event) {
            dropped.add(event);
        }
    }
}
