package dev.convolens.demo;

import dev.convolens.event.Event;
import dev.convolens.ingest.IngestResult;
import dev.convolens.ingest.IngestService;
import dev.convolens.storage.EventQuery;
import dev.convolens.storage.EventStore;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.system.ApiException;
import dev.convolens.system.RetryLaterException;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo mode ({@code --demo}): a demo tenant with a fresh key, a month of simulated history, then live traffic, all
 * sent through {@link IngestService} like any producer's events.
 */
@Component
@ConditionalOnBooleanProperty("convolens.demo.enabled")
class DemoMode implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DemoMode.class);

    static final String TENANT_NAME = "Demo Support Desk";
    /** Most events per ingest call, as a well-behaved producer would batch them. */
    static final int CHUNK = 5_000;
    static final long SEED = 20_261_121L;
    /** How far before the latest stored event a restart regenerates, so that conversations under way get their ending. */
    static final Duration LONGEST_CONVERSATION = Duration.ofHours(12);
    private static final int MAX_UNSENT = 50_000;
    private static final int SENDERS = 2;

    /** The demo tenant and the key issued at this start, for the page at {@code /}. */
    record Access(String tenantId, String tenantName, ZoneId timezone, String key) {}

    private final DemoProperties properties;
    private final TenantService tenants;
    private final EventStore events;
    private final IngestService ingest;
    private final JsonMapper json;
    private final Clock clock;
    private final RetentionProperties retention;
    private final Environment environment;
    private final List<JsonNode> unsent = new ArrayList<>();
    private volatile Access access;
    private volatile boolean running;
    private ScheduledExecutorService scheduler;
    private DemoStream stream;

    DemoMode(DemoProperties properties, TenantService tenants, EventStore events, IngestService ingest, JsonMapper json,
            Clock clock, RetentionProperties retention, Environment environment) {
        this.properties = properties;
        this.tenants = tenants;
        this.events = events;
        this.ingest = ingest;
        this.json = json;
        this.clock = clock;
        this.retention = retention;
        this.environment = environment;
    }

    /** Empty until the application is ready. */
    Optional<Access> access() {
        return Optional.ofNullable(access);
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        Tenant tenant = ensureTenant();
        String key = tenants.issueKey(tenant.id(), EnumSet.of(Scope.READ, Scope.INGEST)).secret();
        access = new Access(tenant.id(), tenant.name(), tenant.timezone(), key);
        log.info(banner(access));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("convolens-demo"));
        scheduler.execute(() -> {
            try {
                backfill(tenant);
            } catch (RuntimeException e) {
                if (!running) return;
                log.error("demo backfill failed; live traffic starts anyway", e);
                Instant now = clock.instant();
                stream = new DemoStream(generator(tenant.timezone()), now, now);
            }
            if (running) scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        });
    }

    private Tenant ensureTenant() {
        return tenants.find(properties.tenantId()).orElseGet(() -> {
            try {
                return tenants.create(properties.tenantId(), TENANT_NAME, properties.timezone());
            } catch (ApiException e) {
                // another instance created it in between
                return tenants.find(properties.tenantId()).orElseThrow(() -> e);
            }
        });
    }

    /**
     * A new tenant gets {@code backfillDays} of history. One that has events gets the gap since its latest one, from
     * a little earlier so that conversations under way at the last stop get their ending; the generator is
     * deterministic, so what was stored already comes out with the same ids and is deduplicated.
     */
    private void backfill(Tenant tenant) {
        Instant now = clock.instant();
        int days = Math.min(properties.backfillDays(), retention.rawEvents() - 1);
        if (days < properties.backfillDays()) {
            log.warn("demo backfill limited to {} days by convolens.retention.raw-events", days);
        }
        Instant oldest = now.minus(Duration.ofDays(Math.max(0, days)));
        List<Event> latest = events.find(tenant.id(), EventQuery.latest(1));
        Instant from = latest.isEmpty() ? oldest : max(latest.get(0).timestamp().minus(LONGEST_CONVERSATION), oldest);
        stream = new DemoStream(generator(tenant.timezone()), from, from);
        log.info("demo: generating events from {} to {} for tenant {}", from, now, tenant.id());

        long started = System.nanoTime();
        AtomicLong stored = new AtomicLong(), duplicates = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // chunks in flight let the writer commit several in one transaction while the next ones are generated
        Semaphore inFlight = new Semaphore(SENDERS + 1);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS, daemon("convolens-demo-backfill"));
        try {
            stream.advanceTo(now, CHUNK, chunk -> {
                if (failure.get() != null) throw failure.get();
                acquire(inFlight, 1);
                senders.execute(() -> {
                    try {
                        IngestResult result = sendBackfill(chunk);
                        stored.addAndGet(result.accepted());
                        duplicates.addAndGet(result.duplicates());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        inFlight.release();
                    }
                });
            });
            acquire(inFlight, SENDERS + 1);
            if (failure.get() != null) throw failure.get();
        } finally {
            senders.shutdownNow();
        }
        long ms = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        log.info("demo: stored {} events ({} were stored already) in {} ms, {} events/s; live traffic follows",
                stored.get(), duplicates.get(), ms, (stored.get() + duplicates.get()) * 1000 / ms);
    }

    TrafficGenerator generator(ZoneId zone) {
        return new TrafficGenerator(json, zone, properties.peakConversationsPerHour(), SEED);
    }

    /** A backfill chunk is retried while the store pushes back; the ids make a resend harmless. */
    private IngestResult sendBackfill(List<JsonNode> chunk) {
        for (int attempt = 1; ; attempt++) {
            if (!running) throw new RetryLaterException("the demo is stopping", 1);
            try {
                IngestResult result = ingest.ingest(access.tenantId(), chunk, List.of());
                warnRejected(result);
                return result;
            } catch (RetryLaterException e) {
                if (!running || attempt == 10) throw e;
                sleep(e.retryAfterSeconds());
            }
        }
    }

    /** Runs every second: the conversations that start now, and the due events of those under way. */
    private void tick() {
        if (!running) return;
        try {
            stream.advanceTo(clock.instant(), CHUNK, unsent::addAll);
            while (!unsent.isEmpty() && running) {
                List<JsonNode> chunk = unsent.subList(0, Math.min(CHUNK, unsent.size()));
                warnRejected(ingest.ingest(access.tenantId(), new ArrayList<>(chunk), List.of()));
                chunk.clear();
            }
        } catch (RetryLaterException e) {
            // kept for the next tick; a long outage drops the oldest rather than growing without bound
            if (unsent.size() > MAX_UNSENT) {
                log.warn("demo: dropping {} unsent events: {}", unsent.size() - MAX_UNSENT, e.getMessage());
                unsent.subList(0, unsent.size() - MAX_UNSENT).clear();
            }
        } catch (RuntimeException e) {
            log.error("demo: live traffic failed this second", e);
        }
    }

    private static void warnRejected(IngestResult result) {
        if (!result.rejected().isEmpty()) {
            log.warn("demo: {} generated events were rejected, first: {}", result.rejected().size(),
                    result.rejected().get(0));
        }
    }

    private String banner(Access a) {
        String base = "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"))
                + environment.getProperty("server.servlet.context-path", "");
        String line = "=".repeat(78);
        return "\n" + line
                + "\n  Convolens demo mode"
                + "\n  Dashboard : " + base + "/"
                + "\n  Tenant    : " + a.tenantId() + " (" + a.tenantName() + ", " + a.timezone() + ")"
                + "\n  API key   : Authorization: Bearer " + a.key()
                + "\n  Try       : curl -H 'Authorization: Bearer " + a.key() + "' '" + base + "/api/events?limit=5'"
                + "\n  History is generated in the background, then live traffic keeps flowing."
                + "\n  The key has the read and ingest scopes; a new one is issued at every start."
                + "\n" + line;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops generating and waits for the chunk in flight; the ingest writer stops after this and commits it. */
    @Override
    public void stop() {
        running = false;
        if (scheduler == null) return;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(20, TimeUnit.SECONDS)) log.warn("demo traffic did not stop within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the ingest writer's phase 0: producers stop first. */
    @Override
    public int getPhase() {
        return 100;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void acquire(Semaphore semaphore, int permits) {
        try {
            semaphore.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException("interrupted", 1);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException("interrupted", 1);
        }
    }
}
