package dev.convolens.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends events to a Convolens service ({@code POST /api/events}) from a JVM bot.
 *
 * <p>{@link #record} puts the event in a bounded buffer and returns; background sender threads send a batch as soon
 * as {@code batchSize} events wait, or when the oldest waiting event is {@code flushInterval} old, or at once on
 * {@link #flush}. A batch takes everything waiting, up to {@code maxBatchSize}: when the service is slower than the
 * bot, events pile up and leave in bigger requests, which is what lets one client keep up (the service's cost is
 * mostly per commit, not per event).
 *
 * <p>Events without an id get a UUID before their first attempt and keep it, so a resend after a lost answer is
 * stored once. A 429, a 5xx or an I/O error is retried with exponential backoff and jitter, waiting at least the
 * server's {@code Retry-After}, until {@code retryTimeout} has passed since the batch's first attempt; a 413 splits
 * the batch in halves; any other 4xx is permanent. Every event ends in exactly one outcome: sent, duplicate,
 * rejected, dropped or failed ({@link FlushResult}, {@link ClientStats}); all but the first two reach the
 * {@link DeliveryListener}.
 *
 * <p>Memory holds at most {@code bufferCapacity} waiting events plus the batches under way
 * ({@code concurrency × maxBatchSize}). Thread-safe; build one per process and {@link #close} it at shutdown.
 */
public final class ConvolensClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConvolensClient.class.getName());
    private static final String USER_AGENT = "convolens-client/0.1";
    /** Below this a gzip body is hardly smaller and costs a second buffer, so small batches go plain. */
    private static final int GZIP_FROM_BYTES = 1024;

    /** An event waiting in the buffer: its timestamp is fixed at record time, its generation ties it to a flush. */
    private record Queued(Event event, Instant timestamp, long generation, long recordedNanos) {}

    /** Outcomes of the events recorded between two flushes; {@code pending} of them are not settled yet. */
    private static final class Tally {
        long pending, sent, duplicates, rejected, dropped, failed;
    }

    private final URI ingestUri;
    private final String authorization;
    private final int batchSize;
    private final int maxBatchSize;
    private final long flushIntervalNanos;
    private final int capacity;
    private final OverflowPolicy overflow;
    private final boolean gzip;
    private final DeliveryListener listener;
    private final Clock clock;
    private final Ticker ticker;
    private final Backoff backoff;
    private final long retryTimeoutNanos;
    private final Duration requestTimeout;
    private final long closeTimeoutNanos;
    private final HttpClient http;
    private final Wire wire = new Wire(JsonMapper.builder().build());
    private final Thread[] senders;

    private final ReentrantLock lock = new ReentrantLock();
    /** Senders wait here for a batch to become ready. */
    private final Condition work = lock.newCondition();
    /** Recorders under {@link OverflowPolicy#BLOCK} wait here for room. */
    private final Condition room = lock.newCondition();
    /** {@link #flush} and {@link #close} wait here for events to settle. */
    private final Condition settled = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /**
     * Each flush starts a new generation, and a batch never mixes generations: the server answers counts per batch,
     * so this is what lets a flush report exactly the outcomes of the events it covers.
     */
    private final TreeMap<Long, Tally> tallies = new TreeMap<>();
    private long generation;
    private Tally current;
    private long flushThrough = -1;
    private boolean closed, stopping;
    private int inFlight;
    private long recorded, sent, duplicates, rejected, dropped, failed, blocked, retries;

    private ConvolensClient(Builder b) {
        String base = b.endpoint.toString();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.ingestUri = URI.create(base + "/api/events");
        this.authorization = "Bearer " + b.apiKey;
        this.batchSize = b.batchSize;
        this.maxBatchSize = b.maxBatchSize > 0 ? b.maxBatchSize : Math.max(Builder.DEFAULT_MAX_BATCH, b.batchSize);
        this.flushIntervalNanos = b.flushInterval.toNanos();
        this.capacity = b.bufferCapacity;
        this.overflow = b.overflow;
        this.gzip = b.gzip;
        this.listener = b.listener;
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
        this.retryTimeoutNanos = b.retryTimeout.toNanos();
        this.requestTimeout = b.requestTimeout;
        this.closeTimeoutNanos = b.closeTimeout.toNanos();
        this.http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.senders = new Thread[b.concurrency];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Thread(this::sendLoop, "convolens-client-sender-" + i);
            // a forgotten close() must not keep the JVM alive; close() is what delivers the rest
            senders[i].setDaemon(true);
            senders[i].start();
        }
    }

    /** A builder; {@code endpoint} and {@code apiKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Buffers the event for sending and returns at once; a missing timestamp becomes the client's clock now. When the
     * buffer is full, {@link OverflowPolicy#DROP_OLDEST} discards the oldest waiting event and
     * {@link OverflowPolicy#BLOCK} waits for room (an interrupt ends the wait and drops this event). After
     * {@link #close} the event is dropped. Dropped events are counted and passed to {@link DeliveryListener#dropped}.
     */
    public void record(Event event) {
        Objects.requireNonNull(event, "event");
        Instant timestamp = event.timestamp() != null ? event.timestamp() : clock.instant();
        Queued displaced = null;
        boolean refused = false;
        lock.lock();
        try {
            recorded++;
            if (queue.size() >= capacity && !closed) {
                if (overflow == OverflowPolicy.DROP_OLDEST) {
                    // settled only after the listener heard of it, below
                    displaced = queue.pollFirst();
                } else {
                    blocked++;
                    refused = !awaitRoom();
                }
            }
            if (closed || refused) {
                refused = true;
                tally().dropped++;
                dropped++;
            } else {
                queue.addLast(new Queued(event, timestamp, generation, System.nanoTime()));
                tally().pending++;
                int size = queue.size();
                // an idle sender must learn when the first event's interval ends; later ones change nothing until
                // a batch is full
                if (size == 1 || size >= batchSize) work.signal();
            }
        } finally {
            lock.unlock();
        }
        if (displaced != null) {
            notifyDropped(displaced.event().with(displaced.event().id(), displaced.timestamp()));
            lock.lock();
            try {
                Tally t = tallies.get(displaced.generation());
                t.pending--;
                t.dropped++;
                dropped++;
                if (t.pending == 0) settled.signalAll();
            } finally {
                lock.unlock();
            }
        }
        if (refused) notifyDropped(event.with(event.id(), timestamp));
    }

    /**
     * Sends everything recorded before this call without waiting for a full batch, and blocks until each of those
     * events has settled: acknowledged by the server (stored, duplicate or rejected), dropped, or failed for good.
     * Answers the outcomes of the events recorded since the previous flush began. Bounded in time by
     * {@code retryTimeout} plus a request timeout per attempt.
     */
    public FlushResult flush() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long through = generation++;
            current = null;
            flushThrough = through;
            work.signalAll();
            while (unsettledThrough(through)) settled.await();
            long s = 0, d = 0, r = 0, dr = 0, f = 0;
            Map<Long, Tally> covered = tallies.headMap(through, true);
            for (Tally t : covered.values()) {
                s += t.sent;
                d += t.duplicates;
                r += t.rejected;
                dr += t.dropped;
                f += t.failed;
            }
            covered.clear();
            return new FlushResult(s, d, r, dr, f);
        } finally {
            lock.unlock();
        }
    }

    /** Counters since the client was built. */
    public ClientStats stats() {
        lock.lock();
        try {
            return new ClientStats(recorded, sent, duplicates, rejected, dropped, failed, blocked, retries,
                    queue.size(), inFlight);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking events, sends everything buffered and waits for it as {@link #flush} does, but at most
     * {@code closeTimeout}; whatever has not settled by then is failed and reported. Idempotent.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + closeTimeoutNanos;
        boolean interrupted = false;
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            work.signalAll();
            room.signalAll();
            while (!queue.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    settled.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            stopping = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        // a sender still waiting for a retry or an answer gives its batch up as failed
        for (Thread sender : senders) sender.interrupt();
        for (Thread sender : senders) {
            try {
                sender.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        List<Queued> left = new ArrayList<>();
        lock.lock();
        try {
            Queued q;
            while ((q = queue.pollFirst()) != null) left.add(q);
        } finally {
            lock.unlock();
        }
        if (!left.isEmpty()) {
            notifyFailed(left.stream().map(q -> q.event().with(q.event().id(), q.timestamp())).toList(),
                    "the client closed before they were sent");
            lock.lock();
            try {
                for (Queued q : left) {
                    Tally t = tallies.get(q.generation());
                    t.pending--;
                    t.failed++;
                    failed++;
                }
                settled.signalAll();
            } finally {
                lock.unlock();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private boolean awaitRoom() {
        try {
            while (queue.size() >= capacity && !closed) room.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Tally tally() {
        if (current == null) {
            current = new Tally();
            tallies.put(generation, current);
        }
        return current;
    }

    private boolean unsettledThrough(long through) {
        for (Tally t : tallies.headMap(through, true).values()) {
            if (t.pending > 0) return true;
        }
        return false;
    }

    private void sendLoop() {
        while (true) {
            List<Queued> batch;
            try {
                batch = take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) return;
            long gen = batch.get(0).generation();
            List<Event> events = new ArrayList<>(batch.size());
            for (Queued q : batch) {
                Event e = q.event();
                events.add(e.with(e.id() != null ? e.id() : UUID.randomUUID().toString(), q.timestamp()));
            }
            send(gen, events);
        }
    }

    /** The next ready batch (full, due by time, flushed or closing), of one generation; null when the senders stop. */
    private List<Queued> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (stopping) return null;
                Queued head = queue.peekFirst();
                if (head == null) {
                    if (closed) return null;
                    work.await();
                    continue;
                }
                long wait = closed || head.generation() <= flushThrough || queue.size() >= batchSize ? 0
                        : head.recordedNanos() + flushIntervalNanos - System.nanoTime();
                if (wait > 0) {
                    work.awaitNanos(wait);
                    continue;
                }
                List<Queued> batch = new ArrayList<>(Math.min(maxBatchSize, queue.size()));
                long gen = head.generation();
                while (batch.size() < maxBatchSize && (head = queue.peekFirst()) != null && head.generation() == gen) {
                    batch.add(queue.pollFirst());
                }
                inFlight += batch.size();
                room.signalAll();
                if (!queue.isEmpty()) work.signal();
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Delivers one batch, retrying until it settles; every event of it is settled exactly once on return. */
    private void send(long gen, List<Event> events) {
        byte[] body;
        try {
            body = wire.encode(events);
        } catch (RuntimeException e) {
            events = withoutUnwritable(gen, events);
            if (events.isEmpty()) return;
            try {
                body = wire.encode(events);
            } catch (RuntimeException again) {
                // metadata that writes alone but not together (a getter with state): give up rather than guess
                fail(gen, events, "the batch cannot be written as JSON: " + again);
                return;
            }
        }
        boolean gzipped = gzip && body.length >= GZIP_FROM_BYTES;
        if (gzipped) body = Wire.gzip(body);
        HttpRequest request = request(body, gzipped);
        long giveUpAt = ticker.nanoTime() + retryTimeoutNanos;
        for (int attempt = 1; ; attempt++) {
            String error;
            long retryAfter = 0;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    Wire.Answer answer;
                    try {
                        answer = wire.answer(response.body());
                    } catch (RuntimeException unreadable) {
                        answer = null;
                    }
                    if (answer != null) {
                        acknowledge(gen, events, answer);
                        return;
                    }
                    // resending is safe, and the next answer may be readable (a proxy's page, a cut body)
                    error = "HTTP " + status + " with an unreadable answer: " + wire.errorDetail(response.body());
                } else if (status == 413) {
                    String detail = wire.errorDetail(response.body());
                    if (events.size() == 1) {
                        fail(gen, events, "HTTP 413, the event alone is too large: " + detail);
                    } else {
                        int half = events.size() / 2;
                        send(gen, new ArrayList<>(events.subList(0, half)));
                        send(gen, new ArrayList<>(events.subList(half, events.size())));
                    }
                    return;
                } else if (status == 429 || status >= 500) {
                    retryAfter = Backoff.retryAfterNanos(response.headers().firstValue("Retry-After").orElse(null),
                            clock);
                    error = "HTTP " + status + ": " + wire.errorDetail(response.body());
                } else {
                    fail(gen, events, "HTTP " + status + ": " + wire.errorDetail(response.body()));
                    return;
                }
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                fail(gen, events, "the client closed before the server answered");
                return;
            } catch (RuntimeException e) {
                fail(gen, events, "the request could not be sent: " + e);
                return;
            }
            long delay = backoff.delay(attempt, retryAfter);
            if (ticker.nanoTime() + delay - giveUpAt > 0) {
                fail(gen, events, "gave up after " + attempt + " attempts within the retry timeout of "
                        + Duration.ofNanos(retryTimeoutNanos) + "; last: " + error);
                return;
            }
            lock.lock();
            try {
                retries++;
            } finally {
                lock.unlock();
            }
            LOG.log(System.Logger.Level.DEBUG, "retrying a batch of {0} events in {1} ms: {2}", events.size(),
                    delay / 1_000_000, error);
            try {
                ticker.sleep(delay);
            } catch (InterruptedException e) {
                fail(gen, events, "the client closed while waiting to retry; last: " + error);
                return;
            }
        }
    }

    private HttpRequest request(byte[] body, boolean gzipped) {
        HttpRequest.Builder b = HttpRequest.newBuilder(ingestUri).timeout(requestTimeout)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT);
        if (gzipped) b.header("Content-Encoding", "gzip");
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Fails the events whose metadata Jackson cannot write, so that they do not sink the rest of their batch. */
    private List<Event> withoutUnwritable(long gen, List<Event> events) {
        List<Event> writable = new ArrayList<>(events.size());
        for (Event e : events) {
            try {
                wire.encode(List.of(e));
                writable.add(e);
            } catch (RuntimeException unwritable) {
                fail(gen, List.of(e), "its metadata cannot be written as JSON: " + (unwritable instanceof
                        JacksonException j ? j.getOriginalMessage() : unwritable.toString()));
            }
        }
        return writable;
    }

    private void acknowledge(long gen, List<Event> events, Wire.Answer answer) {
        int n = events.size();
        List<Wire.Rejection> rejections = new ArrayList<>(answer.rejected().size());
        for (Wire.Rejection r : answer.rejected()) {
            if (r.index() >= 0 && r.index() < n) rejections.add(r);
        }
        int dup = Math.min(answer.duplicates(), n - rejections.size());
        if (answer.accepted() + answer.duplicates() + rejections.size() != n) {
            LOG.log(System.Logger.Level.WARNING, "the server answered {0} accepted, {1} duplicates, {2} rejected "
                    + "for {3} events; counting the rest as sent", answer.accepted(), answer.duplicates(),
                    rejections.size(), n);
        }
        // the listener hears first, so that a flush returning has every covered rejection reported
        for (Wire.Rejection r : rejections) {
            Event e = events.get(r.index());
            try {
                listener.rejected(e, r.field(), r.error());
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "the delivery listener failed", ex);
            }
        }
        lock.lock();
        try {
            Tally t = tallies.get(gen);
            t.pending -= n;
            t.sent += n - dup - rejections.size();
            t.duplicates += dup;
            t.rejected += rejections.size();
            sent += n - dup - rejections.size();
            duplicates += dup;
            rejected += rejections.size();
            inFlight -= n;
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(long gen, List<Event> events, String reason) {
        int n = events.size();
        notifyFailed(List.copyOf(events), reason);
        lock.lock();
        try {
            Tally t = tallies.get(gen);
            t.pending -= n;
            t.failed += n;
            failed += n;
            inFlight -= n;
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void notifyFailed(List<Event> events, String reason) {
        LOG.log(System.Logger.Level.WARNING, "{0} events not delivered: {1}", events.size(), reason);
        try {
            listener.failed(events, reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the delivery listener failed", e);
        }
    }

    private void notifyDropped(Event event) {
        try {
            listener.dropped(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the delivery listener failed", e);
        }
    }

    /** Configures a {@link ConvolensClient}; every setting but the endpoint and the key has a default. */
    public static final class Builder {
        static final int DEFAULT_MAX_BATCH = 5_000;
        private URI endpoint;
        private String apiKey;
        private int batchSize = 100;
        private int maxBatchSize;
        private Duration flushInterval = Duration.ofSeconds(5);
        private int bufferCapacity = 10_000;
        private OverflowPolicy overflow = OverflowPolicy.DROP_OLDEST;
        private int concurrency = 2;
        private boolean gzip = true;
        private DeliveryListener listener = new DeliveryListener() {};
        private Clock clock = Clock.systemUTC();
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration retryTimeout = Duration.ofMinutes(2);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private HttpClient httpClient;
        private Ticker ticker = Ticker.SYSTEM;

        private Builder() {}

        /** The service's base URL, such as {@code http://localhost:8080}; events go to {@code /api/events} under it. */
        public Builder endpoint(URI endpoint) { this.endpoint = endpoint; return this; }

        /** The service's base URL as text. */
        public Builder endpoint(String endpoint) { return endpoint(URI.create(endpoint)); }

        /** A key with the {@code ingest} scope; it decides the tenant. */
        public Builder apiKey(String apiKey) { this.apiKey = apiKey; return this; }

        /** Events waiting that make a batch leave at once (default 100). */
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }

        /**
         * Most events in one request (default 5,000, or {@code batchSize} if larger): what piled up while the
         * senders were busy leaves together. A request the service finds too large (413) is split anyway.
         */
        public Builder maxBatchSize(int maxBatchSize) { this.maxBatchSize = maxBatchSize; return this; }

        /** Longest an event waits for its batch to fill (default 5 s). */
        public Builder flushInterval(Duration flushInterval) { this.flushInterval = flushInterval; return this; }

        /** Most events waiting to be sent (default 10,000); at least the batch size. */
        public Builder bufferCapacity(int bufferCapacity) { this.bufferCapacity = bufferCapacity; return this; }

        /** What {@code record} does when the buffer is full (default {@link OverflowPolicy#DROP_OLDEST}). */
        public Builder overflow(OverflowPolicy overflow) { this.overflow = overflow; return this; }

        /** Requests under way at once (default 2): more lets the server commit several batches together. */
        public Builder concurrency(int concurrency) { this.concurrency = concurrency; return this; }

        /** Whether bodies of 1 KiB or more are gzipped (default true). */
        public Builder gzip(boolean gzip) { this.gzip = gzip; return this; }

        /** Who hears about rejected, failed and dropped events (default: nobody; failures are logged). */
        public Builder listener(DeliveryListener listener) { this.listener = listener; return this; }

        /** The clock that stamps events recorded without a timestamp (default UTC system clock). */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** First retry delay (default 100 ms); it doubles per attempt, with jitter, up to {@link #maxBackoff}. */
        public Builder initialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; return this; }

        /** Longest retry delay the client chooses itself (default 30 s); a longer Retry-After is still honoured. */
        public Builder maxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; return this; }

        /** How long a batch is retried from its first attempt before it fails (default 2 min). */
        public Builder retryTimeout(Duration retryTimeout) { this.retryTimeout = retryTimeout; return this; }

        /** How long one request may take (default 60 s; the server answers after its commit). */
        public Builder requestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; return this; }

        /** How long {@link ConvolensClient#close} waits for delivery (default 30 s). */
        public Builder closeTimeout(Duration closeTimeout) { this.closeTimeout = closeTimeout; return this; }

        /** The JDK HTTP client to send with, for TLS or proxy settings (default: a new HTTP/1.1 client). */
        public Builder httpClient(HttpClient httpClient) { this.httpClient = httpClient; return this; }

        Builder ticker(Ticker ticker) { this.ticker = ticker; return this; }

        /** The client, with its sender threads started; fails on a missing or inconsistent setting. */
        public ConvolensClient build() {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(overflow, "overflow");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(clock, "clock");
            if (!"http".equalsIgnoreCase(endpoint.getScheme()) && !"https".equalsIgnoreCase(endpoint.getScheme())) {
                throw new IllegalArgumentException("endpoint must be an http or https URL: " + endpoint);
            }
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
            if (maxBatchSize != 0 && maxBatchSize < batchSize) {
                throw new IllegalArgumentException("maxBatchSize (" + maxBatchSize + ") must be at least batchSize ("
                        + batchSize + ")");
            }
            if (bufferCapacity < batchSize) {
                throw new IllegalArgumentException("bufferCapacity (" + bufferCapacity
                        + ") must be at least batchSize (" + batchSize + ")");
            }
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
            for (Duration d : List.of(flushInterval, initialBackoff, maxBackoff, retryTimeout, requestTimeout,
                    closeTimeout)) {
                if (d.isNegative()) throw new IllegalArgumentException("durations must not be negative: " + d);
            }
            if (requestTimeout.isZero()) throw new IllegalArgumentException("requestTimeout must be positive");
            return new ConvolensClient(this);
        }
    }
}
