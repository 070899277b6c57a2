package dev.convolens.ingest;

import dev.convolens.event.Event;
import dev.convolens.event.EventsStored;
import dev.convolens.storage.AppendResult;
import dev.convolens.storage.EventBatch;
import dev.convolens.storage.EventStore;
import dev.convolens.system.RetryLaterException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The writer: requests queue their validated events, a writer thread commits whatever has queued up as one
 * transaction (group commit) and completes each request's future only after that commit.  As many threads as the
 * store can use at once ({@link EventStore#usefulWriters}): while one group waits for its commit to reach the disk,
 * the next is already being inserted. The queue is bounded in
 * events; when it is full a request is refused at once instead of growing memory.
 */
final class GroupCommitWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending(EventBatch batch, CompletableFuture<AppendResult> result) {}

    private final EventStore store;
    private final ApplicationEventPublisher publisher;
    private final int capacity;
    private final int maxCommitEvents;
    private final Semaphore free;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Timer commitTimer;
    private final Counter commitFailures;
    private volatile boolean accepting;
    private volatile boolean running;
    private final int writers;
    private final List<Thread> threads = new ArrayList<>();

    GroupCommitWriter(EventStore store, ApplicationEventPublisher publisher, IngestProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.publisher = publisher;
        this.capacity = properties.queueCapacity();
        this.maxCommitEvents = properties.maxCommitEvents();
        this.writers = properties.writers() > 0 ? properties.writers() : store.usefulWriters();
        this.free = new Semaphore(capacity);
        this.commitTimer = Timer.builder("convolens.ingest.commit").description("Latency of one group commit")
                .publishPercentileHistogram().register(meters);
        this.commitFailures = Counter.builder("convolens.ingest.commit.failures").register(meters);
        Gauge.builder("convolens.ingest.queue.depth", this, w -> w.capacity - w.free.availablePermits())
                .description("Events accepted but not yet committed").register(meters);
    }

    /** Queues the events; the future completes after their commit. Refuses at once when the queue is full. */
    CompletableFuture<AppendResult> submit(List<Event> events) {
        if (events.isEmpty()) return CompletableFuture.completedFuture(new AppendResult(0, new java.util.BitSet()));
        if (!accepting) throw new RetryLaterException("the service is shutting down", 5);
        if (events.size() > capacity) {
            throw new IllegalArgumentException(events.size() + " events exceed the ingest queue of " + capacity);
        }
        if (!free.tryAcquire(events.size())) {
            throw new RetryLaterException("the ingest queue is full (" + capacity + " events waiting for commit)", 1);
        }
        EventBatch batch;
        try {
            // the per-event encoding runs here, on the request's thread, so that the writer only decides and commits
            batch = EventBatch.of(events);
        } catch (RuntimeException e) {
            free.release(events.size());
            throw e;
        }
        Pending pending = new Pending(batch, new CompletableFuture<>());
        queue.add(pending);
        return pending.result();
    }

    int capacity() {
        return capacity;
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        Pending carried = null;
        while (running || carried != null || !queue.isEmpty()) {
            try {
                Pending first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) continue;
                group.add(first);
                int size = first.batch().size();
                Pending next;
                // poll, not peek-then-poll: another writer may take the head in between
                while ((next = queue.poll()) != null) {
                    if (size + next.batch().size() > maxCommitEvents) {
                        carried = next;
                        break;
                    }
                    group.add(next);
                    size += next.batch().size();
                }
                commit(group, size);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!queue.isEmpty()) log.warn("writer interrupted with {} requests queued", queue.size());
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group, int size) {
        List<EventBatch> parts = new ArrayList<>(group.size());
        for (Pending p : group) parts.add(p.batch());
        EventBatch all = EventBatch.concat(parts);
        AppendResult result;
        try {
            long start = System.nanoTime();
            result = store.append(all);
            commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            commitFailures.increment();
            log.error("group commit of {} events failed", size, e);
            free.release(size);
            for (Pending p : group) p.result().completeExceptionally(e);
            return;
        }
        // room first, so that a client answered now can send its next batch at once; the announcement comes before
        // the answer, so a client that reads after its answer finds everything derived from its events scheduled
        free.release(size);
        int offset = 0;
        for (Pending p : group) {
            int n = p.batch().size();
            BitSet duplicates = result.duplicates().get(offset, offset + n);
            announce(duplicates.isEmpty() ? p.batch().announcements()
                    : EventBatch.announce(p.batch().events(), duplicates));
            p.result().complete(new AppendResult(n, duplicates));
            offset += n;
        }
    }

    private void announce(List<EventsStored> announcements) {
        for (EventsStored stored : announcements) {
            try {
                publisher.publishEvent(stored);
            } catch (RuntimeException e) {
                log.error("a listener of stored events for tenant {} failed", stored.tenantId(), e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        accepting = true;
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(this::run, writers == 1 ? "group-commit-writer" : "group-commit-writer-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops taking requests, commits everything already accepted, then ends the writer thread. */
    @Override
    public void stop() {
        accepting = false;
        running = false;
        try {
            for (Thread thread : threads) thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
        Pending late;
        while ((late = queue.poll()) != null) {
            late.result().completeExceptionally(new RetryLaterException("the service is shutting down", 5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the web server and every producer, so accepted work is always committed. */
    @Override
    public int getPhase() {
        return 0;
    }
}
