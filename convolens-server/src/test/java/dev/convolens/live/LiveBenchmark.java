package dev.convolens.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.convolens.support.Http;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * BENCHMARKS.md's live-dashboard figures; runs only when asked ({@code -Dlive.bench=true}). The service is a separate
 * process with a 512 MB heap on DuckDB, as {@code java -jar} starts it.
 */
@EnabledIfSystemProperty(named = "live.bench", matches = "true")
class LiveBenchmark {
    static final String ADMIN = "bench-admin";
    static final int RATE = Integer.getInteger("live.bench.rate", 2_000);
    static final int SECONDS = Integer.getInteger("live.bench.seconds", 60);
    static final int SOCKETS = Integer.getInteger("live.bench.sockets", 20_000);
    static final Path OUT = Path.of("target", "live-bench.txt");

    @TempDir
    Path dir;

    /** Event to screen: a probe every 500 ms amid RATE events/s; when does it show on a socket, and in the page? */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void eventToScreenLatencyUnderLoad() throws Exception {
        try (Server server = Server.start(dir)) {
            Http http = new Http(server.port);
            TestTenant t = TestTenants.create(http, ADMIN, "Europe/Berlin", "ingest", "read");
            Map<String, Long> socketSeen = new ConcurrentHashMap<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + server.port + "/ws/live?token=" + t.key()), new WebSocket.Listener() {
                        final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                String m = partial.toString();
                                partial.setLength(0);
                                int at = m.indexOf("\"id\":\"probe-");
                                if (m.startsWith("{\"type\":\"conversation\"") && at > 0) {
                                    String id = m.substring(at + 6, m.indexOf('"', at + 6));
                                    socketSeen.putIfAbsent(id, System.currentTimeMillis());
                                }
                            }
                            ws.request(1);
                            return null;
                        }
                    }).join();

            try (Playwright playwright = Playwright.create()) {
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true).setArgs(List.of("--no-sandbox",
                                "--disable-background-networking", "--disable-component-update", "--disable-quic")));
                Page page = browser.newPage();
                page.navigate("http://127.0.0.1:" + server.port + "/");
                page.fill("#signin-key", t.key());
                page.click("#signin-submit");
                page.waitForSelector("#conn[data-state=live]");
                // first time each probe is in the rendered feed, by the page's own wall clock
                page.evaluate("() => { window.seen = {}; new MutationObserver(() => {"
                        + " for (const li of document.querySelectorAll('#feed li[data-id^=\"probe-\"]'))"
                        + "   if (!(li.dataset.id in window.seen)) window.seen[li.dataset.id] = Date.now(); })"
                        + ".observe(document.querySelector('#feed'), { childList: true }); }");

                Load load = new Load(http, t.key(), RATE);
                load.start();
                Thread.sleep(10_000); // warm-up: JIT, the facts of the first conversations
                long loadStarted = load.sent.get(), loadStartedAt = System.nanoTime();
                Map<String, Long> posted = new ConcurrentHashMap<>();
                for (int i = 0; i < SECONDS * 2; i++) {
                    String id = "probe-" + i;
                    long wall = System.currentTimeMillis();
                    // a minute ahead, so that the probe tops the feed (latest activity first) amid the load
                    http.post("/api/events", t.key(), "[{\"type\":\"message.received\",\"conversationId\":\"" + id
                            + "\",\"channel\":\"webchat\",\"timestamp\":\"" + Instant.ofEpochMilli(wall).plusSeconds(60) + "\"}]");
                    posted.put(id, wall);
                    Thread.sleep(500);
                }
                Thread.sleep(3_000);
                double achieved = (load.sent.get() - loadStarted) / ((System.nanoTime() - loadStartedAt) / 1e9);
                load.stop();
                @SuppressWarnings("unchecked")
                Map<String, Number> pageSeen = (Map<String, Number>) page.evaluate("() => window.seen");
                List<Long> onSocket = new ArrayList<>(), onScreen = new ArrayList<>();
                posted.forEach((id, wall) -> {
                    if (socketSeen.containsKey(id)) onSocket.add(socketSeen.get(id) - wall);
                    if (pageSeen.containsKey(id)) onScreen.add(pageSeen.get(id).longValue() - wall);
                });
                String report = "event-to-screen under %d events/s requested, %.0f events/s stored, %d probes, heap -Xmx512m%n"
                        .formatted(RATE, achieved, posted.size())
                        + "  socket: seen %d, p50 %d ms, p95 %d ms, max %d ms%n".formatted(onSocket.size(), pct(onSocket, 50),
                                pct(onSocket, 95), pct(onSocket, 100))
                        + "  page:   seen %d, p50 %d ms, p95 %d ms, max %d ms%n".formatted(onScreen.size(), pct(onScreen, 50),
                                pct(onScreen, 95), pct(onScreen, 100))
                        + "  load failures: %d, load requests: %d%n".formatted(load.failures.get(), load.requests.get());
                write(report);
                browser.close();
                assertThat(onSocket).isNotEmpty();
            }
            socket.abort();
        }
    }

    /** Idle sockets one instance holds: open SOCKETS authenticated sockets and read the server's live heap. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void idleSocketsWithinA512MbHeap() throws Exception {
        try (Server server = Server.start(dir)) {
            Http http = new Http(server.port);
            TestTenant t = TestTenants.create(http, ADMIN, "UTC", "ingest", "read");
            long baseline = server.liveHeap(http);
            List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger greeted = new AtomicInteger(), failed = new AtomicInteger();
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder report = new StringBuilder("idle sockets on one instance (-Xmx512m), baseline live heap %d MB%n"
                    .formatted(baseline >> 20));
            int step = SOCKETS / Integer.getInteger("live.bench.steps", 4);
            for (int target = step; target <= SOCKETS; target += step) {
                List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
                for (int i = open.size() + failed.get(); i < target; i++) {
                    batch.add(client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                            .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws/live?token=" + t.key()),
                                    new WebSocket.Listener() {
                                        boolean counted;

                                        @Override
                                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                            if (!counted) {
                                                counted = true;
                                                greeted.incrementAndGet();
                                            }
                                            ws.request(1);
                                            return null;
                                        }
                                    }));
                    if (batch.size() == 200) drain(batch, open, failed);
                }
                drain(batch, open, failed);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (greeted.get() < open.size() && System.nanoTime() < deadline) Thread.sleep(100);
                long heap = server.liveHeap(http);
                String line = "  %6d open, %6d greeted, %d failed: live heap %d MB, %.1f KB per socket, health %s%n".formatted(
                        open.size(), greeted.get(), failed.get(), heap >> 20,
                        (heap - baseline) / 1024.0 / Math.max(1, open.size()),
                        http.get("/actuator/health", null).status());
                report.append(line);
                System.out.print(line);
            }
            write(report.toString());
            Process histogram = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(server.process.pid()), "GC.class_histogram").redirectErrorStream(true)
                    .redirectOutput(OUT.resolveSibling("live-bench-histogram.txt").toFile()).start();
            histogram.waitFor(120, TimeUnit.SECONDS);
            open.forEach(WebSocket::abort);
        }
    }

    private static void drain(List<CompletableFuture<WebSocket>> batch, List<WebSocket> open, AtomicInteger failed) {
        for (CompletableFuture<WebSocket> f : batch) {
            try {
                open.add(f.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
        batch.clear();
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) return -1;
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void write(String report) throws IOException {
        System.out.print(report);
        Files.createDirectories(OUT.getParent());
        Files.writeString(OUT, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Demo-like traffic at a fixed rate: batches every 100 ms over 2,000 open conversations. */
    static final class Load {
        final Http http;
        final String key;
        final int rate;
        final AtomicLong sent = new AtomicLong();
        final AtomicInteger failures = new AtomicInteger(), requests = new AtomicInteger();
        volatile boolean running = true;
        Thread thread;

        Load(Http http, String key, int rate) {
            this.http = http;
            this.key = key;
            this.rate = rate;
        }

        void start() {
            thread = new Thread(this::run, "bench-load");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }

        private void run() {
            Random random = new Random(7);
            String[] channels = {"whatsapp", "webchat", "messenger", "sms"};
            String[] bots = {"support-bot", "sales-bot", "billing-bot"};
            int perBatch = rate / 10;
            long next = System.nanoTime();
            int seq = 0;
            while (running) {
                StringBuilder body = new StringBuilder("[");
                String now = Instant.now().toString();
                for (int i = 0; i < perBatch; i++, seq++) {
                    int c = random.nextInt(2_000);
                    String type = switch (seq % 10) {
                        case 0, 1, 2, 3 -> "message.received";
                        case 4, 5, 6 -> "message.sent";
                        case 7, 8 -> "response.time_recorded";
                        default -> random.nextInt(4) == 0 ? "livechat.requested" : "conversation.resolved";
                    };
                    if (i > 0) body.append(',');
                    body.append("{\"type\":\"").append(type).append("\",\"conversationId\":\"load-").append(c)
                            .append("\",\"timestamp\":\"").append(now).append("\",\"channel\":\"")
                            .append(channels[c % 4]).append("\",\"botId\":\"").append(bots[c % 3]).append('"');
                    if (type.equals("response.time_recorded")) body.append(",\"durationMs\":").append(300 + random.nextInt(3000));
                    if (type.equals("livechat.requested")) body.append(",\"metadata\":{\"requestId\":\"lr-").append(seq).append("\"}");
                    body.append('}');
                }
                body.append(']');
                try {
                    Http.Response r = http.post("/api/events", key, body.toString());
                    requests.incrementAndGet();
                    if (r.status() == 200) sent.addAndGet(perBatch);
                    else failures.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
                next += 100_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** The service as {@code java -Xmx512m}, on this test's classpath and a fresh DuckDB file. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;

        private Server(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Server start(Path dir) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m"));
            String jvm = System.getProperty("live.bench.server-jvm", "");
            if (!jvm.isBlank()) command.addAll(List.of(jvm.split(" ")));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.convolens.ConvolensApplication",
                    "--server.port=" + port, "--convolens.data-dir=" + dir.resolve("data"), "--convolens.admin-key=" + ADMIN,
                    "--logging.level.dev.convolens.live=warn"));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            Http http = new Http(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try {
                    if (http.get("/actuator/health", null).body().contains("UP")) return new Server(p, port);
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            p.destroyForcibly();
            throw new IllegalStateException("server did not start; see " + dir.resolve("server.log"));
        }

        /** Heap in use after a full collection, so that only what is reachable counts. */
        long liveHeap(Http http) throws Exception {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
            Thread.sleep(500);
            var body = http.get("/actuator/metrics/jvm.memory.used?tag=area:heap", null).json();
            return body.get("measurements").get(0).get("value").asLong();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
