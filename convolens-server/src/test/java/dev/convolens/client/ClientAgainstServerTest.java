package dev.convolens.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The client against the running service: real HTTP, real validation, real commits, counted in the store. */
class ClientAgainstServerTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    private ConvolensClient.Builder client(TestTenant tenant) {
        return client(URI.create("http://127.0.0.1:" + port), tenant);
    }

    private static ConvolensClient.Builder client(URI endpoint, TestTenant tenant) {
        return ConvolensClient.builder().endpoint(endpoint).apiKey(tenant.key());
    }

    /** Rows, distinct ids and distinct user ids the tenant has in the store. */
    private List<Long> counts(String tenantId) {
        return jdbc.queryForObject("SELECT count(*), count(DISTINCT id), count(DISTINCT user_id) FROM events "
                + "WHERE tenant_id = ?", (rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)), tenantId);
    }

    @Test
    void aHundredThousandEventsRecordedFromEightThreadsArriveExactlyOnce() throws Exception {
        TestTenant tenant = newTenant("UTC", "ingest");
        int threads = 8, perThread = 12_500;
        FlushResult result;
        ClientStats stats;
        // BLOCK: the recorders outrun any server, and this test is about losing nothing
        try (ConvolensClient client = client(tenant).overflow(OverflowPolicy.BLOCK).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> recorders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                recorders.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        client.record(Event.builder("message.received").userId("u" + thread + "-" + i)
                                .botId("bot-" + thread).channel("webchat").build());
                    }
                }, "recorder-" + t));
            }
            recorders.forEach(Thread::start);
            start.countDown();
            for (Thread r : recorders) {
                r.join(Duration.ofMinutes(3).toMillis());
                assertThat(r.isAlive()).as("%s finished recording", r.getName()).isFalse();
            }
            result = client.flush();
            stats = client.stats();
        }

        assertThat(result).isEqualTo(new FlushResult(100_000, 0, 0, 0, 0));
        assertThat(stats.recorded()).isEqualTo(100_000);
        assertThat(stats.queued() + stats.inFlight()).isZero();
        assertThat(counts(tenant.id())).as("rows, distinct ids, distinct recorded events")
                .containsExactly(100_000L, 100_000L, 100_000L);
    }

    @Test
    void anEventTheServerRejectsReachesTheListenerAndTheOthersAreStored() throws Exception {
        TestTenant tenant = newTenant("UTC", "ingest");
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        List<String> rejectedIds = Collections.synchronizedList(new ArrayList<>());
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void rejected(Event event, String field, String error) {
                heard.add(event.userId() + " " + field + ": " + error);
                rejectedIds.add(event.id());
            }
        };
        try (ConvolensClient client = client(tenant).listener(listener).build()) {
            client.record(Event.builder("message.received").userId("now").build());
            client.record(Event.builder("message.received").userId("future")
                    .timestamp(Instant.now().plus(Duration.ofHours(1))).build());
            client.record(Event.builder("message.teleported").userId("unknown-type").build());
            client.record(Event.builder("message.sent").userId("also-now").build());

            assertThat(client.flush()).isEqualTo(new FlushResult(2, 0, 2, 0, 0));
        }

        assertThat(heard).containsExactly("future timestamp: timestamp is more than 5 minutes in the future",
                "unknown-type type: unknown event type 'message.teleported'");
        assertThat(rejectedIds).doesNotContainNull();
        assertThat(jdbc.queryForList("SELECT user_id FROM events WHERE tenant_id = ? ORDER BY user_id", String.class,
                tenant.id())).containsExactly("also-now", "now");
    }

    @Test
    void aKeyWithoutTheIngestScopeFailsTheBatchAtOnceWithTheServersReason() throws Exception {
        TestTenant tenant = newTenant("UTC", "read");
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        try (ConvolensClient client = client(tenant).listener(new DeliveryListener() {
            @Override
            public void failed(List<Event> events, String reason) {
                reasons.add(events.size() + " " + reason);
            }
        }).build()) {
            client.record(Event.builder("message.received").build());
            client.record(Event.builder("message.received").build());

            assertThat(client.flush()).isEqualTo(new FlushResult(0, 0, 0, 0, 2));
            assertThat(client.stats().retries()).isZero();
        }
        assertThat(reasons).singleElement().asString().startsWith("2 HTTP 403");
    }

    @Test
    void aServerAnswering503IsRetriedAfterItsRetryAfterAndEveryEventIsStoredOnce() throws Exception {
        TestTenant tenant = newTenant("UTC", "ingest");
        try (Overloaded front = new Overloaded(port, 3)) {
            FlushResult result;
            ClientStats stats;
            try (ConvolensClient client = client(front.endpoint(), tenant).build()) {
                for (int i = 0; i < 250; i++) {
                    client.record(Event.builder("message.received").userId("u" + i).build());
                }
                result = client.flush();
                stats = client.stats();
            }

            assertThat(result).isEqualTo(new FlushResult(250, 0, 0, 0, 0));
            assertThat(stats.retries()).as("three 503s, each retried").isEqualTo(3);
            assertThat(front.answers).containsSubsequence(503, 503, 503).contains(200);
            assertThat(front.refusedGaps()).as("waits between a 503 and the resend of the same body")
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        }
        assertThat(counts(tenant.id())).containsExactly(250L, 250L, 250L);
    }

    /**
     * A real HTTP server in front of the service, as an overloaded load balancer would be: its first {@code refusals}
     * requests get 503 with {@code Retry-After: 1}, the rest are passed on to the service unchanged.
     */
    static final class Overloaded implements AutoCloseable {
        private final HttpServer server;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI service;
        private final AtomicInteger refusalsLeft;
        final List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
        /** When each body was refused, and when a body was seen again afterwards. */
        private final Map<String, List<Long>> seen = Collections.synchronizedMap(new java.util.HashMap<>());
        private final List<Duration> gaps = Collections.synchronizedList(new ArrayList<>());

        Overloaded(int servicePort, int refusals) throws IOException {
            this.service = URI.create("http://127.0.0.1:" + servicePort + "/api/events");
            this.refusalsLeft = new AtomicInteger(refusals);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.createContext("/api/events", this::handle);
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        List<Duration> refusedGaps() {
            return List.copyOf(gaps);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String digest = java.util.Arrays.hashCode(body) + ":" + body.length;
                long now = System.nanoTime();
                List<Long> times = seen.computeIfAbsent(digest, d -> Collections.synchronizedList(new ArrayList<>()));
                if (!times.isEmpty()) gaps.add(Duration.ofNanos(now - times.get(times.size() - 1)));
                if (refusalsLeft.getAndDecrement() > 0) {
                    times.add(now);
                    answer(exchange, 503, Map.of("Retry-After", "1"),
                            "{\"error\":\"overloaded\",\"detail\":\"the ingest queue is full\"}");
                    return;
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(service)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : List.of("Authorization", "Content-Type", "Content-Encoding")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) forward.header(header, value);
                }
                HttpResponse<String> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
                answer(exchange, response.statusCode(), Map.of(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
                throws IOException {
            answers.add(status);
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
