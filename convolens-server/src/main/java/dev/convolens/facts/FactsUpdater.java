package dev.convolens.facts;

import dev.convolens.event.EventsStored;
import dev.convolens.loading.Loading;
import dev.convolens.rollup.DirtyRanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps facts current: every commit's touched conversations are collected and, a moment later and off the ingest
 * path, recomputed together; the changed time span is then recorded as dirty for the rollup jobs.
 */
@Component
public class FactsUpdater implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FactsUpdater.class);
    private static final int CHUNK = 5_000;

    private final FactStore facts;
    private final DirtyRanges dirty;
    private final FactsProperties properties;
    private final FactsCatchUp catchUp;
    private final Loading loading;
    private final ReentrantLock work = new ReentrantLock();
    private Map<String, Pending> pending = new HashMap<>();
    private ScheduledExecutorService scheduler;

    private static final class Pending {
        Instant from, to;
        final Set<String> conversations = new HashSet<>();

        Pending(Instant from, Instant to) {
            this.from = from;
            this.to = to;
        }
    }

    FactsUpdater(FactStore facts, DirtyRanges dirty, FactsProperties properties, FactsCatchUp catchUp, Loading loading) {
        this.facts = facts;
        this.catchUp = catchUp;
        this.dirty = dirty;
        this.properties = properties;
        this.loading = loading;
    }

    @EventListener
    public void on(EventsStored stored) {
        synchronized (this) {
            Pending p = pending.computeIfAbsent(stored.tenantId(), t -> new Pending(stored.from(), stored.to()));
            if (stored.from().isBefore(p.from)) p.from = stored.from();
            if (stored.to().isAfter(p.to)) p.to = stored.to();
            p.conversations.addAll(stored.conversationIds());
        }
    }

    /** Recomputes everything stored so far; the background cycle calls it, tests call it to see facts at once. */
    public void flush() {
        work.lock();
        try {
            Map<String, Pending> batch;
            synchronized (this) {
                batch = pending;
                pending = new HashMap<>();
            }
            for (Map.Entry<String, Pending> e : batch.entrySet()) {
                try {
                    apply(e.getKey(), e.getValue());
                } catch (RuntimeException failure) {
                    log.error("facts of tenant {} not updated; will retry", e.getKey(), failure);
                    requeue(e.getKey(), e.getValue());
                }
            }
        } finally {
            work.unlock();
        }
    }

    private void apply(String tenant, Pending p) {
        Instant from = p.from, to = p.to;
        List<String> ids = new ArrayList<>(p.conversations);
        // one chunk is a second's work at most; more (a backfill, the catch-up after a start) is worth a notice
        try (Loading.Task progress = ids.size() > CHUNK ? loading.begin(tenant, Loading.FACTS, "conversations", ids.size()) : null) {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                var span = facts.recompute(tenant, ids.subList(i, Math.min(ids.size(), i + CHUNK)), p.from);
                if (span.isPresent()) {
                    if (span.get().from().isBefore(from)) from = span.get().from();
                    if (span.get().to().isAfter(to)) to = span.get().to();
                }
                if (progress != null) progress.done(i + CHUNK);
            }
        }
        dirty.mark(tenant, from, to);
    }

    private synchronized void requeue(String tenant, Pending failed) {
        Pending p = pending.computeIfAbsent(tenant, t -> new Pending(failed.from, failed.to));
        if (failed.from.isBefore(p.from)) p.from = failed.from;
        if (failed.to.isAfter(p.to)) p.to = failed.to;
        p.conversations.addAll(failed.conversations);
    }

    @Override
    public void start() {
        try {
            catchUp.pendingSinceLastRun().forEach(this::on);
        } catch (RuntimeException e) {
            log.error("could not find the conversations changed before the last stop", e);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "facts-updater");
            t.setDaemon(true);
            return t;
        });
        // the next cycle may be seconds away; stop() must not wait for it (it flushes what is left itself)
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
        scheduler.schedule(this::cycle, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cycle() {
        long start = System.nanoTime();
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("facts cycle failed", e);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        long rest = Math.max(properties.interval().toMillis(), Math.round(took * (1 / properties.maxBusyShare() - 1)));
        try {
            scheduler.schedule(this::cycle, rest, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stop() flushes what is left
        }
    }

    /** Finishes what is pending, so that a restart does not have to find it again. */
    @Override
    public void stop() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** Stops after the ingest writer (phase 0) has committed its last events, so their facts are computed too. */
    @Override
    public int getPhase() {
        return -100;
    }
}
