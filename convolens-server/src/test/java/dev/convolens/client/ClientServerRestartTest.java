package dev.convolens.client;

import dev.convolens.support.ServerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service killed (SIGKILL) and restarted on the same data while a client keeps recording and flushing: whatever
 * a flush reported as stored is stored, exactly once.
 */
class ClientServerRestartTest {
    static final String ADMIN = "restart-admin";
    static final int ROUND = 300;

    @TempDir
    Path dir;

    /** One round: its events (by user id) and what the flush after them reported. */
    record Round(int number, List<String> users, FlushResult result, Duration flushTook) {}

    @Test
    void aServerRestartInTheMiddleLosesNothingThatFlushReportedAsSent() throws Exception {
        Path data = dir.resolve("data");
        int port = ServerProcess.freePort();
        List<Round> rounds = new CopyOnWriteArrayList<>();
        AtomicBoolean recording = new AtomicBoolean(true);
        AtomicReference<Throwable> recorderFailure = new AtomicReference<>();
        TestTenant tenant;
        ClientStats stats;

        ServerProcess service = ServerProcess.startOnPort(port, data, ADMIN, dir.resolve("run1.log"));
        try {
            tenant = TestTenants.create(service.http(), ADMIN, "UTC", "ingest");
            try (ConvolensClient client = ConvolensClient.builder().endpoint("http://127.0.0.1:" + port)
                    .apiKey(tenant.key()).overflow(OverflowPolicy.BLOCK).maxBackoff(Duration.ofSeconds(1))
                    .retryTimeout(Duration.ofMinutes(4)).build()) {
                Thread recorder = new Thread(() -> {
                    try {
                        for (int r = 0; recording.get(); r++) {
                            List<String> users = new ArrayList<>(ROUND);
                            for (int i = 0; i < ROUND; i++) {
                                String user = "r" + r + "-" + i;
                                users.add(user);
                                client.record(Event.builder("message.received").userId(user).build());
                            }
                            long start = System.nanoTime();
                            FlushResult result = client.flush();
                            rounds.add(new Round(r, users, result, Duration.ofNanos(System.nanoTime() - start)));
                        }
                    } catch (Throwable t) {
                        recorderFailure.set(t);
                    }
                }, "recorder");
                recorder.start();

                awaitRounds(rounds, 3);
                service.kill();
                int roundsBeforeRestart = rounds.size();
                awaitRetries(client);
                service = ServerProcess.startOnPort(port, data, ADMIN, dir.resolve("run2.log"));
                awaitRounds(rounds, roundsBeforeRestart + 3);
                recording.set(false);
                recorder.join(Duration.ofMinutes(2).toMillis());
                assertThat(recorder.isAlive()).isFalse();
                stats = client.stats();
            }
            assertThat(service.terminate()).isIn(0, 143);
        } finally {
            service.close();
        }

        assertThat(recorderFailure.get()).isNull();
        assertThat(stats.retries()).as("requests cut by the kill were retried").isPositive();
        assertThat(rounds).anySatisfy(r -> assertThat(r.flushTook()).as("a flush waited out the restart")
                .isGreaterThan(Duration.ofSeconds(2)));
        Map<String, Integer> stored = storedUsers(data, tenant.id());
        for (Round round : rounds) {
            assertThat(round.result().failed()).as("round %d failed events", round.number()).isZero();
            assertThat(round.result().stored()).as("round %d stored", round.number()).isEqualTo(ROUND);
            for (String user : round.users()) {
                assertThat(stored.get(user)).as("copies of %s", user).isEqualTo(1);
            }
        }
        long flushed = rounds.stream().mapToLong(r -> r.result().stored()).sum();
        assertThat(stored.values().stream().mapToInt(Integer::intValue).sum()).as("rows beyond the flushed rounds")
                .isLessThanOrEqualTo((int) flushed + ROUND);
    }

    private static void awaitRounds(List<Round> rounds, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (rounds.size() < n) {
            assertThat(System.nanoTime()).as("%d rounds flushed in time", n).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits (bounded) until the client has met the dead server, so the restart really is in the middle. */
    private static void awaitRetries(ConvolensClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.stats().retries() == 0) {
            assertThat(System.nanoTime()).as("the client notices the dead server").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Map<String, Integer> storedUsers(Path data, String tenantId) throws Exception {
        Map<String, Integer> copies = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("convolens.duckdb"));
                PreparedStatement st = c.prepareStatement(
                        "SELECT user_id, count(*) FROM events WHERE tenant_id = ? GROUP BY user_id")) {
            st.setString(1, tenantId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) copies.put(rs.getString(1), rs.getInt(2));
            }
        }
        return copies;
    }
}
