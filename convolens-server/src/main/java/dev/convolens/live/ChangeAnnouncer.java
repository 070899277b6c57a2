package dev.convolens.live;

import dev.convolens.event.EventsStored;
import dev.convolens.facts.FactsUpdater;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The sending half of live updates: commits of this instance are collected per tenant and, every
 * {@code announceInterval}, the facts are brought up to date and one change per tenant is announced on the bus.
 * Announcing only after the facts are current is what lets every instance, this one included, build its pushes from
 * plain reads.
 */
@Component
class ChangeAnnouncer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ChangeAnnouncer.class);

    private final FactsUpdater facts;
    private final ChangeBus bus;
    private final Rooms rooms;
    private final LiveProperties properties;
    private Map<String, TenantChange> pending = new HashMap<>();
    private ScheduledExecutorService scheduler;

    ChangeAnnouncer(FactsUpdater facts, ChangeBus bus, Rooms rooms, LiveProperties properties) {
        this.facts = facts;
        this.bus = bus;
        this.rooms = rooms;
        this.properties = properties;
    }

    @EventListener
    public void on(EventsStored stored) {
        // Listeners of one event run in no guaranteed order; handing the commit to the facts updater here as well
        // (it merges, so twice is harmless) makes sure the flush below covers it even if its own listener runs later.
        facts.on(stored);
        synchronized (this) {
            pending.merge(stored.tenantId(), new TenantChange(stored.tenantId(), stored.from(), stored.to()),
                    (a, b) -> new TenantChange(a.tenantId(), min(a.from(), b.from()), max(a.to(), b.to())));
        }
    }

    /** Announces what was committed so far; the timer calls it, tests may too. */
    void announce() {
        Map<String, TenantChange> batch;
        synchronized (this) {
            if (pending.isEmpty()) return;
            batch = pending;
            pending = new HashMap<>();
        }
        // alone, this instance serves only its own sockets: a tenant nobody watches costs nothing
        if (!bus.crossesInstances()) batch.keySet().removeIf(t -> !rooms.watched(t));
        if (batch.isEmpty()) return;
        facts.flush();
        try {
            bus.announce(batch.values());
        } catch (RuntimeException e) {
            // the next change of each tenant carries its current state anyway
            log.warn("live changes of {} tenants not announced: {}", batch.size(), e.getMessage());
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "convolens-live-announce");
            t.setDaemon(true);
            return t;
        });
        long ms = properties.announceInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                announce();
            } catch (RuntimeException e) {
                log.error("announcing live changes failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
