package dev.convolens.rollup;

import dev.convolens.support.TestStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.Postgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances of the framework over one PostgreSQL database: a scheduled run happens once per cluster. */
class ClusterLockPostgresTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final String JOB = "daily_conversation_metrics";

    MutableClock clock = new MutableClock(NOW);
    List<RecordingFamily.Call> calls = Collections.synchronizedList(new ArrayList<>());
    List<JobsHarness> instances = new ArrayList<>();

    JobsHarness instance(String url, RecordingFamily family, Duration lockAtLeastFor) {
        JobsHarness h = new JobsHarness(TestStore.postgres(url), clock, List.of(family),
                JobsHarness.properties(lockAtLeastFor));
        instances.add(h);
        return h;
    }

    @AfterEach
    void stop() {
        instances.forEach(JobsHarness::close);
    }

    @Test
    void twoInstancesFiredAtTheSameTimeRecomputeEachPeriodOnce() throws Exception {
        String url = Postgres.newDatabase();
        JobsHarness one = instance(url, new RecordingFamily(JOB, Granularity.DAY, "t", calls), Duration.ofMinutes(1));
        JobsHarness two = instance(url, new RecordingFamily(JOB, Granularity.DAY, "t", calls), Duration.ofMinutes(1));
        one.tenant("ny", "America/New_York");
        one.tenant("berlin", "Europe/Berlin");
        clock.set(NOW.minus(Duration.ofMinutes(5)));
        one.dirty.mark("ny", Instant.parse("2026-03-08T15:00:00Z"), Instant.parse("2026-03-08T16:00:00Z"));
        clock.set(NOW);

        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Optional<JobSummary>> a = CompletableFuture.supplyAsync(() -> fire(one, together));
        CompletableFuture<Optional<JobSummary>> b = CompletableFuture.supplyAsync(() -> fire(two, together));
        List<Optional<JobSummary>> results = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(calls).hasSize(5).doesNotHaveDuplicates();
        assertThat(new HashSet<>(calls).stream().map(RecordingFamily.Call::tenantId).toList())
                .containsOnly("ny", "berlin");
        assertThat(one.runs(JOB)).hasSize(2);
        assertThat(one.watermark(JOB)).isPositive();

        // an instance whose trigger fires a little later skips the run the other just did
        assertThat(two.runner.runScheduled(JOB)).isEmpty();
        assertThat(one.runner.runScheduled(JOB)).isEmpty();
        assertThat(calls).hasSize(5);
    }

    @Test
    void whileOneInstanceRunsAJobTheOtherSkipsIt() throws Exception {
        String url = Postgres.newDatabase();
        CountDownLatch running = new CountDownLatch(1), release = new CountDownLatch(1);
        RecordingFamily blocking = new RecordingFamily(JOB, Granularity.DAY, "t", calls);
        blocking.failure = (call, attempt) -> {
            running.countDown();
            await(release);
            return null;
        };
        JobsHarness one = instance(url, blocking, Duration.ZERO);
        JobsHarness two = instance(url, new RecordingFamily(JOB, Granularity.DAY, "t", calls), Duration.ZERO);
        one.tenant("ny", "America/New_York");

        CompletableFuture<Optional<JobSummary>> first = CompletableFuture.supplyAsync(() -> one.runner.runScheduled(JOB));
        await(running);
        Optional<JobSummary> second = two.runner.runScheduled(JOB);
        release.countDown();

        assertThat(second).isEmpty();
        assertThat(first.get(60, TimeUnit.SECONDS)).isPresent();
        assertThat(calls).hasSize(2);
        // the lock is free again once the run is over (no minimum hold here)
        assertThat(two.runner.runScheduled(JOB)).isPresent();
    }

    static Optional<JobSummary> fire(JobsHarness instance, CyclicBarrier together) {
        try {
            together.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return instance.runner.runScheduled(JOB);
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
