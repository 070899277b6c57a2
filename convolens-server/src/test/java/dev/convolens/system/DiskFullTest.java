package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convolens.support.Http;
import dev.convolens.support.ServerProcess;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The DuckDB data directory on a small filesystem (a tmpfs, so the test needs root) fills up under ingest and is
 * freed again: the service recovers without a restart, health says DOWN meanwhile, and every batch answered 503 and
 * sent again is stored exactly once.
 */
class DiskFullTest {
    private static final String ADMIN = "disk-full-admin";
    private static final int BATCH = 500;

    @TempDir Path dir;

    @Test
    void ingestRecoversWhenTheDiskIsFreedAndNothingAnswered503IsStoredTwice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", data.toString()) == 0, "mount -t tmpfs failed");
        try {
            Path filler = data.resolve("filler");
            assertThat(run("fallocate", "-l", "8m", filler.toString())).isZero();
            try (ServerProcess server = ServerProcess.start(data, ADMIN, dir.resolve("server.log"))) {
                Http http = server.http();
                TestTenant t = TestTenants.create(http, ADMIN, "UTC", "ingest", "read");
                Instant ts = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
                long acknowledged = 0;
                List<Integer> refused = new ArrayList<>();
                for (int b = 0; refused.size() < 3 && b < 2_000; b++) {
                    Http.Response r = http.post("/api/events", t.key(), batch(b, ts));
                    if (r.status() == 200) {
                        acknowledged += r.json().get("accepted").asLong();
                    } else {
                        assertThat(r.status()).as(r.body()).isEqualTo(503);
                        assertThat(r.retryAfter()).isNotNull();
                        refused.add(b);
                    }
                }
                assertThat(refused).as("the disk filled").hasSize(3);
                JsonNode down = http.get("/actuator/health", null).json();
                assertThat(down.get("status").asString()).isEqualTo("DOWN");
                assertThat(down.get("components").get("store").get("status").asString()).isEqualTo("DOWN");
                assertThat(down.get("components").get("store").get("details").get("reason").asString())
                        .contains("No space left");

                Files.delete(filler);
                for (int b : refused) {
                    Http.Response r = http.post("/api/events", t.key(), batch(b, ts));
                    assertStatus(r, 200);
                    assertThat(r.json().get("accepted").asLong()).as("resend of batch %d", b).isEqualTo(BATCH);
                    acknowledged += BATCH;
                }
                assertThat(http.get("/actuator/health", null).json().get("components").get("store").get("status")
                        .asString()).isEqualTo("UP");
                // sending everything once more stores nothing: each event is there exactly once
                for (int b : refused) {
                    assertThat(http.post("/api/events", t.key(), batch(b, ts)).json().get("duplicates").asLong())
                            .isEqualTo(BATCH);
                }
                JsonNode series = http.get("/api/analytics/timeseries?metric=messages.inbound&granularity=day",
                        t.key()).json();
                assertThat(series.get("series").get(0).get("total").asLong()).isEqualTo(acknowledged);
            }
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    private static String batch(int b, Instant ts) {
        StringBuilder json = new StringBuilder("[");
        String pad = "x".repeat(400);
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) json.append(',');
            json.append("{\"id\":\"b").append(b).append('-').append(i).append("\",\"type\":\"message.received\",")
                    .append("\"timestamp\":\"").append(ts).append("\",\"conversationId\":\"c").append(b).append('-')
                    .append(i % 50).append("\",\"metadata\":{\"pad\":\"").append(pad).append("\"}}");
        }
        return json.append(']').toString();
    }

    private static void assertStatus(Http.Response r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
