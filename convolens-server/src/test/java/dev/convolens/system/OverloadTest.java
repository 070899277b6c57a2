package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * Bodies that would exhaust the service: the in-flight budget refuses what does not fit before reading it, an
 * unauthenticated body is answered and its connection closed unread, a body that trickles in past its deadline is cut.
 */
@TestPropertySource(properties = {"convolens.ingest.max-inflight-bytes=1MB", "convolens.ingest.max-request-bytes=1MB",
        "convolens.ingest.body-timeout=30s"})
class OverloadTest extends ServerTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired MovableClock clock;

    @Test
    void aBodyThatDoesNotFitTheInflightBudgetIs503BeforeItIsReadAndSmallOnesGoOn() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        try (Socket held = open()) {
            startPost(held, t.key(), 600_000, "[");
            awaitInflight(600_000);

            Http.Response refused = http().post("/api/events", t.key(), batchOf(600_000));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.retryAfter()).isEqualTo("1");
            assertThat(refused.json().get("error").asString()).isEqualTo("busy");
            assertThat(refused.json().get("detail").asString()).contains("convolens.ingest.max-inflight-bytes");

            Http.Response small = http().post("/api/events", t.key(), "[" + event("small") + "]");
            assertStatus(small, 200);
        }
        awaitInflight(0);
        Http.Response later = http().post("/api/events", t.key(), batchOf(600_000));
        assertStatus(later, 200);
    }

    @Test
    void unauthenticatedBodiesAreAnswered401AndTheirConnectionsClosedUnread() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = open();
                slow.add(s);
                startPost(s, null, 1_000_000, "[");
            }
            // while they trickle, everyone else is served
            assertStatus(http().get("/actuator/health", null), 200);
            assertStatus(http().post("/api/events", t.key(), "[" + event("while-slow") + "]"), 200);
            for (Socket s : slow) {
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // EOF: closed
                assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
            }
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    @Test
    void aBodyStillArrivingAfterItsDeadlineIs408AndNothingOfItIsStored() throws Exception {
        TestTenant t = newTenant("UTC", "ingest", "read");
        String body = "[" + event("late-body") + "]";
        try (Socket s = open()) {
            startPost(s, t.key(), body.length(), body.substring(0, 10));
            awaitInflight(body.length());
            clock.advance(Duration.ofSeconds(31));
            s.getOutputStream().write(body.substring(10).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("convolens.ingest.body-timeout");
        }
        assertThat(http().get("/api/events", t.key()).json().size()).isZero();
    }

    private String event(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"message.received\",\"timestamp\":\""
                + clock.instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    /** A valid batch of about {@code bytes} bytes. */
    private String batchOf(int bytes) {
        String ts = clock.instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String pad = "x".repeat(1000);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; b.length() < bytes; i++) {
            if (i > 0) b.append(',');
            b.append("{\"id\":\"big-").append(i).append("\",\"type\":\"message.received\",\"timestamp\":\"")
                    .append(ts).append("\",\"metadata\":{\"pad\":\"").append(pad).append("\"}}");
        }
        return b.append(']').toString();
    }

    private Socket open() throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        return s;
    }

    private static void startPost(Socket s, String key, long contentLength, String firstBytes) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n" + firstBytes).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits for the in-flight gauge to read {@code bytes}: the held body is in the budget (or has left it). */
    private void awaitInflight(long bytes) throws Exception {
        Instant until = Instant.now().plusSeconds(10);
        String line = "convolens_ingest_inflight_bytes " + (double) bytes;
        while (!http().get("/actuator/prometheus", null).body().contains(line)) {
            assertThat(Instant.now()).as("in-flight bytes reach %d", bytes).isBefore(until);
            Thread.sleep(50);
        }
    }

    /** Real time until a test moves it on. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
