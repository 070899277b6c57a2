package dev.convolens.demo;

import dev.convolens.client.ConvolensClient;
import dev.convolens.client.DeliveryListener;
import dev.convolens.client.Event;
import dev.convolens.client.FlushResult;
import dev.convolens.client.OverflowPolicy;
import dev.convolens.loading.Loading;
import dev.convolens.storage.EventQuery;
import dev.convolens.storage.EventStore;
import dev.convolens.storage.RetentionProperties;
import dev.convolens.system.ApiException;
import dev.convolens.tenant.Scope;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo mode ({@code --demo}): a demo tenant with a fresh key, a month of simulated history, then live traffic, all
 * sent over HTTP through {@link ConvolensClient}, the library a JVM bot uses, to this service's own port.
 */
@Component
@ConditionalOnBooleanProperty("convolens.demo.enabled")
class DemoMode implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DemoMode.class);

    static final String TENANT_NAME = "Demo Support Desk";
    /** Events per request while backfilling: a month of history is ~1.7M events, and big batches commit fastest. */
    static final int CHUNK = 5_000;
    static final long SEED = 20_261_121L;
    /** How far before the latest stored event a restart regenerates, so that conversations under way get their ending. */
    static final Duration LONGEST_CONVERSATION = Duration.ofHours(12);
    /** Live events kept while the service cannot take them; beyond this the oldest are dropped. */
    private static final int LIVE_BUFFER = 50_000;

    /**
     * What the demo key may do: send the traffic, read it, and manage the demo tenant's report schedules (admin of its
     * own tenant only; it is a new tenant with made-up data, so nothing else is at stake).
     */
    static final Set<Scope> SCOPES = Collections.unmodifiableSet(EnumSet.of(Scope.INGEST, Scope.READ, Scope.ADMIN));

    /** The demo tenant and the key issued at this start, for the page at {@code /}. */
    record Access(String tenantId, String tenantName, ZoneId timezone, String key) {}

    private final DemoProperties properties;
    private final TenantService tenants;
    private final EventStore events;
    private final JsonMapper json;
    private final Clock clock;
    private final RetentionProperties retention;
    private final Environment environment;
    private final Loading loading;
    private final Warnings warnings = new Warnings();
    private volatile Access access;
    private volatile boolean running;
    private volatile ConvolensClient live;
    private ScheduledExecutorService scheduler;
    private DemoStream stream;

    DemoMode(DemoProperties properties, TenantService tenants, EventStore events, JsonMapper json, Clock clock,
            RetentionProperties retention, Environment environment, Loading loading) {
        this.properties = properties;
        this.tenants = tenants;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.retention = retention;
        this.environment = environment;
        this.loading = loading;
    }

    /** Empty until the application is ready. */
    Optional<Access> access() {
        return Optional.ofNullable(access);
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        Tenant tenant = ensureTenant();
        String key = tenants.issueKey(tenant.id(), SCOPES).secret();
        access = new Access(tenant.id(), tenant.name(), tenant.timezone(), key);
        log.info(banner(access));
        URI endpoint = ownEndpoint();
        live = client(endpoint, key)
                .flushInterval(Duration.ofSeconds(1))
                .bufferCapacity(LIVE_BUFFER)
                .build();
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("convolens-demo"));
        scheduler.execute(() -> {
            try {
                backfill(tenant, endpoint, key);
            } catch (RuntimeException e) {
                if (!running) return;
                log.error("demo backfill failed; live traffic starts anyway", e);
                Instant now = clock.instant();
                stream = new DemoStream(generator(tenant.timezone()), now, now);
            }
            if (running) scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        });
    }

    /** This service's HTTP port, known only once the web server listens (a random one in tests). */
    private URI ownEndpoint() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://127.0.0.1:" + port + environment.getProperty("server.servlet.context-path", ""));
    }

    /**
     * Plain bodies: the requests never leave the machine, where gzip would only cost CPU on both ends of the same
     * cores.
     */
    private ConvolensClient.Builder client(URI endpoint, String key) {
        return ConvolensClient.builder().endpoint(endpoint).apiKey(key).clock(clock).gzip(false).listener(warnings);
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
    private void backfill(Tenant tenant, URI endpoint, String key) {
        Instant now = clock.instant();
        int days = Math.min(properties.backfillDays(), retention.rawEvents() - 1);
        if (days < properties.backfillDays()) {
            log.warn("demo backfill limited to {} days by convolens.retention.raw-events", days);
        }
        Instant oldest = now.minus(Duration.ofDays(Math.max(0, days)));
        List<dev.convolens.event.Event> latest = events.find(tenant.id(), EventQuery.latest(1));
        Instant from = latest.isEmpty() ? oldest : max(latest.get(0).timestamp().minus(LONGEST_CONVERSATION), oldest);
        stream = new DemoStream(generator(tenant.timezone()), from, from);
        log.info("demo: generating events from {} to {} for tenant {}", from, now, tenant.id());

        long started = System.nanoTime();
        FlushResult result;
        // the generator is far faster than any store: blocking on a full buffer paces it instead of dropping history
        try (ConvolensClient backfill = client(endpoint, key).batchSize(CHUNK).bufferCapacity(4 * CHUNK)
                .overflow(OverflowPolicy.BLOCK).build();
                Loading.Task progress = loading.begin(tenant.id(), Loading.HISTORY, "days", daysBetween(from, now))) {
            stream.advanceTo(now, CHUNK, chunk -> {
                if (!running) throw new Stopped();
                for (JsonNode e : chunk) backfill.record(toClientEvent(e));
                // the days before a chunk's first event are in the client's hands; the rest of its buffer follows
                if (!chunk.isEmpty()) progress.done(daysDone(from, chunk.get(0)));
            });
            result = backfill.flush();
            progress.done(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        long ms = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
        log.info("demo: stored {} events ({} were stored already) in {} ms, {} events/s; live traffic follows",
                result.sent(), result.duplicates(), ms, result.stored() * 1000 / ms);
        if (!result.allStored()) {
            log.warn("demo: {} generated events were not stored ({} rejected, {} failed, {} dropped)",
                    result.rejected() + result.failed() + result.dropped(), result.rejected(), result.failed(),
                    result.dropped());
        }
    }

    /** Whole days from {@code from} to {@code to}, a started day counting as one: what the notice counts down. */
    static long daysBetween(Instant from, Instant to) {
        long millis = Math.max(0, Duration.between(from, to).toMillis());
        return Math.max(1, (millis + Duration.ofDays(1).toMillis() - 1) / Duration.ofDays(1).toMillis());
    }

    /** Whole days of history before this event, which the store has (or is about to have) in full. */
    private static long daysDone(Instant from, JsonNode event) {
        Instant at = OffsetDateTime.parse(event.get("timestamp").asString()).toInstant();
        return Math.max(0, Duration.between(from, at).toDays());
    }

    TrafficGenerator generator(ZoneId zone) {
        return new TrafficGenerator(json, zone, properties.peakConversationsPerHour(), SEED);
    }

    /** Runs every second: the conversations that start now, and the due events of those under way. */
    private void tick() {
        if (!running) return;
        try {
            stream.advanceTo(clock.instant(), CHUNK, chunk -> {
                for (JsonNode e : chunk) live.record(toClientEvent(e));
            });
        } catch (RuntimeException e) {
            log.error("demo: live traffic failed this second", e);
        }
    }

    /** A generated wire event as the client's event; the generator writes the SPEC §2 JSON a bot would send. */
    private Event toClientEvent(JsonNode n) {
        Event.Builder b = Event.builder(n.get("type").asString()).id(n.get("id").asString())
                .timestamp(OffsetDateTime.parse(n.get("timestamp").asString()).toInstant())
                .botId(text(n, "botId")).channel(text(n, "channel")).conversationId(text(n, "conversationId"))
                .sessionId(text(n, "sessionId")).userId(text(n, "userId")).staffId(text(n, "staffId"))
                .groupId(text(n, "groupId")).taskId(text(n, "taskId")).intent(text(n, "intent"));
        JsonNode value = n.get("value");
        if (value != null && value.isNumber()) b.value(value.asDouble());
        JsonNode duration = n.get("durationMs");
        if (duration != null && duration.isNumber()) b.durationMs(duration.asLong());
        JsonNode metadata = n.get("metadata");
        if (metadata != null && metadata.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.treeToValue(metadata, Map.class);
            b.metadata(map);
        }
        return b.build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
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
                + "\n  The key has the ingest, read and admin scopes of this tenant; a new one is issued at every start."
                + "\n" + line;
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Stops generating, then closes the live client, which sends the last events to this service while it still
     * answers: the demo stops before the web server does (see {@link #getPhase}). An interrupted backfill is simply
     * regenerated at the next start.
     */
    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(20, TimeUnit.SECONDS)) {
                    log.warn("demo traffic did not stop within 20 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ConvolensClient client = live;
        if (client != null) client.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful shutdown: the demo's last events still find the service listening. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Ends a backfill when the demo stops. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("the demo is stopping", null, false, false);
        }
    }

    /** Logs what the service refused or the client gave up; generated traffic should never be refused. */
    private static final class Warnings implements DeliveryListener {
        private final AtomicLong rejected = new AtomicLong(), dropped = new AtomicLong();

        @Override
        public void rejected(Event event, String field, String error) {
            long n = rejected.incrementAndGet();
            if (n == 1 || n % 1_000 == 0) {
                log.warn("demo: {} generated events rejected so far; {} {}: {}", n, event, field, error);
            }
        }

        @Override
        public void failed(List<Event> events, String reason) {
            log.warn("demo: {} events not delivered: {}", events.size(), reason);
        }

        @Override
        public void dropped(Event event) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                log.warn("demo: {} live events dropped so far while the service was busy", n);
            }
        }
    }
}
