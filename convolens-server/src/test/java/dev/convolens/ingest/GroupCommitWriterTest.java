package dev.convolens.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.event.EventsStored;
import dev.convolens.storage.AppendResult;
import dev.convolens.storage.EventBatch;
import dev.convolens.storage.EventQuery;
import dev.convolens.storage.EventStore;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.support.TestStore;
import dev.convolens.system.RetryLaterException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The writer over a real DuckDB store whose commits the test can hold back, to watch queueing and shutdown. */
class GroupCommitWriterTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    HikariDataSource dataSource;
    EventStore store;
    GatedStore gated;
    List<EventsStored> announced = new CopyOnWriteArrayList<>();

    /** Passes appends to the real store once the gate is open, counting them. */
    static final class GatedStore implements EventStore {
        final EventStore real;
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch enteredTwice = new CountDownLatch(2);
        final AtomicInteger appends = new AtomicInteger();

        GatedStore(EventStore real) {
            this.real = real;
        }

        @Override
        public AppendResult append(EventBatch events) {
            entered.countDown();
            enteredTwice.countDown();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            appends.incrementAndGet();
            return real.append(events);
        }

        @Override
        public List<Event> find(String tenantId, EventQuery query) {
            return real.find(tenantId, query);
        }

        @Override
        public long deleteBefore(Instant cutoff) {
            return real.deleteBefore(cutoff);
        }
    }

    @BeforeEach
    void setUp() {
        TestStore duckDb = TestStore.duckDb(dir);
        dataSource = duckDb.open();
        store = new JdbcEventStore(dataSource, duckDb.dialect());
        gated = new GatedStore(store);
    }

    @AfterEach
    void tearDown() {
        gated.gate.countDown();
        dataSource.close();
    }

    GroupCommitWriter writer(int capacity) {
        return writer(capacity, 0);
    }

    GroupCommitWriter writer(int capacity, int writers) {
        IngestProperties properties = new IngestProperties(DataSize.ofMegabytes(10), capacity, 50_000,
                Duration.ofSeconds(30), Duration.ofMinutes(5), writers, 32, 65536, 1000, 1024, 5_000_000, 256,
                DataSize.ofBytes(0), Duration.ofSeconds(30));
        GroupCommitWriter w = new GroupCommitWriter(gated, e -> announced.add((EventsStored) e), properties,
                new SimpleMeterRegistry());
        w.start();
        return w;
    }

    static List<Event> batch(String tenant, String prefix, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.builder().tenantId(tenant).id(prefix + i).type("message.received")
                    .timestamp(T0.plusSeconds(i)).build());
        }
        return events;
    }

    @Test
    void requestsThatQueueDuringACommitAreCommittedTogetherInTheNext() throws Exception {
        GroupCommitWriter w = writer(1_000);
        CompletableFuture<AppendResult> first = w.submit(batch("t", "first-", 3));
        assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<AppendResult>> queued = new ArrayList<>();
        for (int r = 0; r < 5; r++) queued.add(w.submit(batch("t", "r" + r + "-", 4)));

        gated.gate.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).storedCount()).isEqualTo(3);
        for (var f : queued) assertThat(f.get(10, TimeUnit.SECONDS).storedCount()).isEqualTo(4);
        assertThat(gated.appends.get()).isEqualTo(2);
        assertThat(store.find("t", EventQuery.latest(100))).hasSize(23);
        w.stop();
    }

    @Test
    void aFullQueueRefusesAtOnceAndAcceptsAgainAfterTheCommit() throws Exception {
        GroupCommitWriter w = writer(10);
        CompletableFuture<AppendResult> held = w.submit(batch("t", "a", 6));
        assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> w.submit(batch("t", "b", 5)))
                .isInstanceOf(RetryLaterException.class)
                .hasMessageContaining("queue is full")
                .satisfies(e -> assertThat(((RetryLaterException) e).retryAfterSeconds()).isPositive());

        gated.gate.countDown();
        held.get(10, TimeUnit.SECONDS);
        assertThat(w.submit(batch("t", "b", 5)).get(10, TimeUnit.SECONDS).storedCount()).isEqualTo(5);
        w.stop();
    }

    @Test
    void stoppingCommitsEverythingAlreadyAcceptedAndRefusesNewWork() throws Exception {
        GroupCommitWriter w = writer(1_000);
        CompletableFuture<AppendResult> inCommit = w.submit(batch("t", "a", 2));
        assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<AppendResult> queued = w.submit(batch("t", "b", 2));

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(w::stop);
        Thread.sleep(200); // lets stop() begin; the assertions below do not depend on the timing
        gated.gate.countDown();
        stopping.get(30, TimeUnit.SECONDS);

        assertThat(inCommit.get(1, TimeUnit.SECONDS).storedCount()).isEqualTo(2);
        assertThat(queued.get(1, TimeUnit.SECONDS).storedCount()).isEqualTo(2);
        assertThat(store.find("t", EventQuery.latest(100))).hasSize(4);
        assertThatThrownBy(() -> w.submit(batch("t", "c", 1))).isInstanceOf(RetryLaterException.class);
    }

    @Test
    void eachCommitAnnouncesEveryTenantsNewTimeRangeButNotItsDuplicates() throws Exception {
        GroupCommitWriter w = writer(1_000);
        gated.gate.countDown();
        w.submit(batch("t1", "x", 3)).get(10, TimeUnit.SECONDS);
        announced.clear();

        List<Event> mixed = new ArrayList<>(batch("t1", "x", 3));
        mixed.addAll(batch("t2", "y", 2));
        w.submit(mixed).get(10, TimeUnit.SECONDS);

        assertThat(announced).containsExactly(new EventsStored("t2", T0, T0.plusSeconds(1), 2, java.util.Set.of()));
        w.stop();
    }

    @Test
    void withTwoWritersASecondGroupCommitsWhileTheFirstIsStillInItsCommitAndEachRequestGetsItsOwnAnswer()
            throws Exception {
        GroupCommitWriter w = writer(1_000, 2);
        CompletableFuture<AppendResult> first = w.submit(batch("t", "a", 3));
        assertThat(gated.entered.await(5, TimeUnit.SECONDS)).isTrue();
        List<Event> second = new ArrayList<>(batch("t", "a", 1));
        second.addAll(batch("t", "b", 4));
        CompletableFuture<AppendResult> other = w.submit(second);

        // the second writer reaches the store although the first has not finished
        assertThat(gated.enteredTwice.await(5, TimeUnit.SECONDS)).isTrue();
        gated.gate.countDown();

        AppendResult a = first.get(10, TimeUnit.SECONDS), b = other.get(10, TimeUnit.SECONDS);
        // "a0" is in both; whichever commit came second reports it as the duplicate
        assertThat(a.storedCount() + b.storedCount()).isEqualTo(7);
        assertThat(a.duplicateCount() + b.duplicateCount()).isEqualTo(1);
        assertThat(b.size()).isEqualTo(5);
        assertThat(store.find("t", EventQuery.latest(100))).hasSize(7);
        w.stop();
    }
}
