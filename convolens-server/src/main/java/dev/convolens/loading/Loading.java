package dev.convolens.loading;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What this instance is loading into the store right now (the demo's history, a rollup backfill, facts catching
 * up) and how far it has got, so that the dashboard can say that numbers are still coming instead of showing
 * half-loaded ones as if they were final. Kept in memory: a load belongs to the instance running it.
 */
@Component
public class Loading {
    private static final Logger log = LoggerFactory.getLogger(Loading.class);
    public static final String HISTORY = "history", FACTS = "facts", ROLLUPS = "rollups";

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Called with the tenant's id (null for every tenant) when a load of it begins, moves or ends: the live pushes
     * follow it, since a load need not store events that would announce a change.
     */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void changed(String tenantId) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(tenantId);
            } catch (RuntimeException e) {
                log.warn("a listener of loading progress failed", e);
            }
        }
    }

    /**
     * Starts reporting a load; close the task when it ends, however it ends.
     *
     * @param tenantId the tenant loaded, or null for a load over every tenant
     * @param what what is loaded: {@link #HISTORY}, {@link #FACTS} or {@link #ROLLUPS}
     * @param unit what {@code total} counts: {@code days}, {@code periods}, {@code conversations}
     */
    public Task begin(String tenantId, String what, String unit, long total) {
        Task task = new Task(tenantId, what, unit, Math.max(0, total));
        tasks.add(task);
        changed(tenantId);
        return task;
    }

    /** The loads that concern this tenant (its own and those over every tenant), oldest first. */
    public List<Progress> of(String tenantId) {
        List<Progress> out = new ArrayList<>();
        for (Task t : tasks) {
            if (t.tenantId == null || t.tenantId.equals(tenantId)) out.add(t.progress());
        }
        return out;
    }

    /**
     * Whether this tenant's events or facts are still arriving in bulk (history, facts): what they say about "now"
     * is not settled yet. A rollup backfill leaves them alone.
     */
    public boolean unsettled(String tenantId) {
        for (Task t : tasks) {
            if ((t.tenantId == null || t.tenantId.equals(tenantId)) && !t.what.equals(ROLLUPS)) return true;
        }
        return false;
    }

    /** One load under way. */
    public final class Task implements AutoCloseable {
        private final String tenantId;
        private final String what;
        private final String unit;
        private final long total;
        private final AtomicLong done = new AtomicLong();

        private Task(String tenantId, String what, String unit, long total) {
            this.tenantId = tenantId;
            this.what = Objects.requireNonNull(what);
            this.unit = Objects.requireNonNull(unit);
            this.total = total;
        }

        /** How much is done so far, never more than the total nor less than before. */
        public void done(long done) {
            long capped = Math.min(total, Math.max(0, done));
            long before = this.done.getAndAccumulate(capped, Math::max);
            if (capped > before) changed(tenantId);
        }

        public void advance(long by) {
            done(done.get() + by);
        }

        Progress progress() {
            return new Progress(what, unit, done.get(), total);
        }

        @Override
        public void close() {
            if (tasks.remove(this)) changed(tenantId);
        }
    }

    /** How far one load has got; {@code percent} is rounded down, so 100 only when all is done. */
    public record Progress(String what, String unit, long done, long total) {
        public int percent() {
            return total == 0 ? 0 : (int) (done * 100 / total);
        }
    }
}
