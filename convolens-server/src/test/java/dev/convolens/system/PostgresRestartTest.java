package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Http;
import dev.convolens.support.ServerProcess;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL server stops and starts again while a client keeps sending (and resending what was refused): the
 * service reconnects by itself, and every event ends up stored exactly once.
 */
class PostgresRestartTest {
    private static final String ADMIN = "pg-restart-admin";
    private static final int BATCH = 200;
    private static final int BATCHES = 60;

    @TempDir Path dir;

    @Test
    void aDatabaseRestartUnderLoadLosesNothingAndStoresNothingTwice() throws Exception {
        int pgPort = ServerProcess.freePort();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(pgPort)
                .setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false);
        EmbeddedPostgres pg = builder.start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE convolens");
        }
        String url = "jdbc:postgresql://localhost:" + pgPort + "/convolens";
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), ADMIN, dir.resolve("server.log"),
                "--convolens.store=postgres", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--spring.datasource.hikari.connection-timeout=2000",
                "--convolens.jobs.enabled=false", "--convolens.monitor.enabled=false")) {
            Http http = server.http();
            TestTenant t = TestTenants.create(http, ADMIN, "UTC", "ingest", "read");
            Instant ts = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            AtomicInteger sent = new AtomicInteger();
            AtomicLong refusals = new AtomicLong();
            AtomicReference<Instant> firstStoredAfterRestart = new AtomicReference<>();
            AtomicReference<Instant> restartedAt = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread client = new Thread(() -> {
                try {
                    for (int b = 0; b < BATCHES; b++) {
                        // a client that resends a refused batch until it is answered, as the Java client does
                        while (true) {
                            Http.Response r;
                            try {
                                r = http.post("/api/events", t.key(), batch(b, ts));
                            } catch (RuntimeException io) {
                                r = null;
                            }
                            if (r != null && r.status() == 200) {
                                assertThat(r.json().get("accepted").asInt() + r.json().get("duplicates").asInt())
                                        .isEqualTo(BATCH);
                                if (restartedAt.get() != null) firstStoredAfterRestart.compareAndSet(null, Instant.now());
                                break;
                            }
                            if (r != null) assertThat(r.status()).as(r.body()).isEqualTo(503);
                            refusals.incrementAndGet();
                            Thread.sleep(200);
                        }
                        sent.incrementAndGet();
                        Thread.sleep(20);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "restart-client");
            client.start();
            while (sent.get() < 15) Thread.sleep(20);
            pg.close();
            Thread.sleep(3_000);
            pg = builder.start();
            restartedAt.set(Instant.now());
            client.join(Duration.ofMinutes(3).toMillis());
            assertThat(failure.get()).isNull();
            assertThat(sent.get()).isEqualTo(BATCHES);
            assertThat(refusals.get()).as("the outage was seen").isPositive();

            try (Connection c = pg.getDatabase("postgres", "convolens").getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT count(*), count(DISTINCT id) FROM events WHERE tenant_id = ?")) {
                ps.setString(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("stored rows").isEqualTo((long) BATCH * BATCHES);
                    assertThat(rs.getLong(2)).as("distinct ids").isEqualTo((long) BATCH * BATCHES);
                }
            }
            assertThat(http.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
            System.out.printf("PostgreSQL restart: %d refused attempts, first batch stored %d ms after the restart%n",
                    refusals.get(), Duration.between(restartedAt.get(), firstStoredAfterRestart.get()).toMillis());
        } finally {
            pg.close();
        }
    }

    private static String batch(int b, Instant ts) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) json.append(',');
            json.append("{\"id\":\"r").append(b).append('-').append(i).append("\",\"type\":\"message.received\",")
                    .append("\"timestamp\":\"").append(ts).append("\",\"conversationId\":\"c").append(b).append('-')
                    .append(i % 20).append("\"}");
        }
        return json.append(']').toString();
    }
}
