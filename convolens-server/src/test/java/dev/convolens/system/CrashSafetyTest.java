package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerProcess;
import dev.convolens.support.TestTenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability with the service as a real separate process: an acknowledged batch survives SIGKILL and SIGTERM, and
 * is stored exactly once after the restart.
 */
class CrashSafetyTest {
    static final String ADMIN = "crash-admin";
    static final int BATCH = 500;
    static final int CLIENTS = 4;

    @TempDir
    Path dir;

    /** Batches (by body) a client got 200 for, with what the server said. */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
        Path data = dir.resolve("data");
        String key;
        try (ServerProcess server = ServerProcess.start(data, ADMIN, dir.resolve("run1.log"))) {
            key = TestTenants.create(server.http(), ADMIN, "UTC", "ingest", "read").key();
            load(server, key, () -> {
                try {
                    server.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertRestartedServerHasEveryAcknowledgedEventOnce(data, key);
    }

    @Test
    void sigtermFinishesAcceptedWorkAndLosesNothingAcknowledged() throws Exception {
        Path data = dir.resolve("data");
        String key;
        int[] exit = new int[1];
        try (ServerProcess server = ServerProcess.start(data, ADMIN, dir.resolve("run1.log"))) {
            key = TestTenants.create(server.http(), ADMIN, "UTC", "ingest", "read").key();
            load(server, key, () -> {
                try {
                    exit[0] = server.terminate();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(exit[0]).as("exit code after SIGTERM").isIn(0, 143);
        assertRestartedServerHasEveryAcknowledgedEventOnce(data, key);
    }

    /** Clients send batches until 20 are acknowledged, then {@code stop} hits the server while requests are in flight. */
    private void load(ServerProcess server, String key, Runnable stop) throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        Http http = server.http();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                for (int n = 0; sending.get(); n++) {
                    String body = batch("c" + client + "-b" + n + "-");
                    try {
                        Http.Response r = http.post("/api/events", key, body);
                        if (r.status() == 200) acknowledged.put(body, r.body());
                    } catch (RuntimeException connectionLost) {
                        // a request cut by the stop was never acknowledged
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (acknowledged.size() < 20 && System.nanoTime() < deadline) Thread.onSpinWait();
        stop.run();
        sending.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(20);
        for (String answer : acknowledged.values()) {
            assertThat(Http.JSON.readTree(answer).get("accepted").asInt()).isEqualTo(BATCH);
        }
    }

    private void assertRestartedServerHasEveryAcknowledgedEventOnce(Path data, String key) throws Exception {
        try (ServerProcess restarted = ServerProcess.start(data, ADMIN, dir.resolve("run2.log"))) {
            for (String body : acknowledged.keySet()) {
                Http.Response again = restarted.http().post("/api/events", key, body);
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.json().get("accepted").asInt()).as("new events in a resent acknowledged batch").isZero();
                assertThat(again.json().get("duplicates").asInt()).isEqualTo(BATCH);
            }
            restarted.terminate();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("convolens.duckdb"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM events")) {
            rs.next();
            long rows = rs.getLong(1);
            assertThat(rows).as("no event stored twice").isEqualTo(rs.getLong(2));
            assertThat(rows).isGreaterThanOrEqualTo((long) acknowledged.size() * BATCH);
        }
        assertThat(Files.exists(data.resolve("convolens.duckdb"))).isTrue();
    }

    private static String batch(String prefix) {
        String ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<String> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            events.add("{\"id\":\"" + prefix + i + "\",\"type\":\"message.received\",\"timestamp\":\"" + ts
                    + "\",\"conversationId\":\"" + prefix + (i / 10) + "\",\"channel\":\"webchat\",\"botId\":\"bot-1\","
                    + "\"metadata\":{\"text\":\"hello " + i + "\"}}");
        }
        return "[" + String.join(",", events) + "]";
    }
}
