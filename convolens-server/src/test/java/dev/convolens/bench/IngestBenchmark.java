package dev.convolens.bench;

import dev.convolens.support.Http;
import dev.convolens.support.Postgres;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP ingest benchmark (not a test): starts the packaged server as its own process on 127.0.0.1, creates a tenant and
 * an ingest key through the API, then has several client threads POST pre-serialized batches for a warm-up and a
 * measured window, once per store and run. Every run gets a fresh data directory (and a fresh PostgreSQL database),
 * so no run measures a table another run filled.
 *
 * <p>Settings are system properties, see {@link Config#fromSystemProperties()}; the {@code bench} Maven profile sets
 * them. Results go to stdout and to {@code target/bench/}.
 */
public final class IngestBenchmark {

    private static final String ADMIN_KEY = "bench-admin-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Config(List<String> stores, int runs, int clients, int batchSize, Duration warmup, Duration measure,
            Path jar, List<String> serverJvmArgs, long spreadSeconds, boolean pgSynchronousCommit, String pgUrlParams,
            Path outDir) {

        static Config fromSystemProperties() {
            return new Config(
                    List.of(prop("bench.stores", "duckdb,postgres").split(",")),
                    Integer.parseInt(prop("bench.runs", "2")),
                    Integer.parseInt(prop("bench.clients", "4")),
                    Integer.parseInt(prop("bench.batchSize", "1000")),
                    Duration.ofSeconds(Long.parseLong(prop("bench.warmupSeconds", "10"))),
                    Duration.ofSeconds(Long.parseLong(prop("bench.measureSeconds", "30"))),
                    Path.of(prop("bench.jar", "convolens-server/target/convolens-server.jar")).toAbsolutePath(),
                    words(prop("bench.serverJvmArgs", "")),
                    Long.parseLong(prop("bench.timestampSpreadSeconds", "3600")),
                    Boolean.parseBoolean(prop("bench.pgSynchronousCommit", "true")),
                    prop("bench.pgUrlParams", ""),
                    Path.of(prop("bench.outDir", "target/bench")).toAbsolutePath());
        }

        private static String prop(String name, String fallback) {
            String v = System.getProperty(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        private static List<String> words(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
    }

    record Result(String store, int run, int clients, int batchSize, double eventsPerSecond,
            double serverEventsPerSecond, double p50Ms, double p95Ms, double p99Ms, double maxMs, double avgCommitMs,
            double commitP99BoundMs, double eventsPerCommit, long peakRssKb, double serverCores, double harnessCores,
            double machineCores, double postgresCores, String serverThreads, long acceptedTotal, long storedRows,
            long retries) {

        /** CPU the machine spent on anything but this benchmark: another build, another developer's tests. */
        double otherCores() {
            return Math.max(0, machineCores - serverCores - harnessCores - (store.equals("postgres") ? postgresCores : 0));
        }

        Result withStoredRows(long rows) {
            return new Result(store, run, clients, batchSize, eventsPerSecond, serverEventsPerSecond, p50Ms, p95Ms,
                    p99Ms, maxMs, avgCommitMs, commitP99BoundMs, eventsPerCommit, peakRssKb, serverCores,
                    harnessCores, machineCores, postgresCores, serverThreads, acceptedTotal, rows, retries);
        }
    }

    public static void main(String[] args) {
        // the embedded PostgreSQL's non-daemon threads must not keep the benchmark alive, after success or failure
        try {
            run(Config.fromSystemProperties());
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Config config) throws Exception {
        // the harness's own DEBUG logging (zonky, pgjdbc) would bury the results
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        if (!Files.isRegularFile(config.jar())) {
            throw new IllegalStateException(config.jar() + " is missing; build it with package first");
        }
        String machine = machine();
        System.out.println(machine);
        System.out.printf(Locale.ROOT, "clients=%d batch=%d warm-up=%ds measured=%ds runs=%d stores=%s "
                        + "server JVM args=%s timestamps spread=%ds PostgreSQL URL parameters=%s%n", config.clients(),
                config.batchSize(), config.warmup().toSeconds(), config.measure().toSeconds(), config.runs(),
                config.stores(), config.serverJvmArgs(), config.spreadSeconds(), config.pgUrlParams());
        List<Result> results = new ArrayList<>();
        for (String store : config.stores()) {
            for (int run = 1; run <= config.runs(); run++) {
                Result r = runOnce(config, store, run);
                results.add(r);
                System.out.println(line(r));
            }
        }
        String report = report(config, machine, results);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(config.outDir());
        Path file = config.outDir().resolve("ingest-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC).format(Instant.now()) + ".md");
        Files.writeString(file, report);
        System.out.println("written to " + file);
    }

    private static Result runOnce(Config config, String store, int run) throws Exception {
        Path work = Files.createTempDirectory("convolens-bench-");
        // the session closer would store session.completed events of its own once a minute, which the exactly-once
        // check below (server counter = sum of the answers = rows in the store) must not see
        List<String> appArgs = new ArrayList<>(List.of("--convolens.data-dir=" + work.resolve("data"),
                "--convolens.monitor.enabled=false"));
        String pgUrl = null;
        if (store.equals("postgres")) {
            pgUrl = Postgres.newDatabase();
            if (config.pgSynchronousCommit()) synchronousCommitOn(pgUrl);
            String serverUrl = config.pgUrlParams().isEmpty() ? pgUrl
                    : pgUrl + (pgUrl.contains("?") ? "&" : "?") + config.pgUrlParams();
            appArgs.addAll(List.of("--convolens.store=postgres", "--spring.datasource.url=" + serverUrl,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
        } else if (!store.equals("duckdb")) {
            throw new IllegalArgumentException("bench.stores takes duckdb and/or postgres, not " + store);
        }
        System.out.printf("%n[%s run %d] starting the server, work dir %s%n", store, run, work);
        ServerProcess server = ServerProcess.start(config.jar(), config.serverJvmArgs(), appArgs, ADMIN_KEY, work);
        try {
            server.awaitHealthy(Duration.ofSeconds(180));
            TestTenant tenant = TestTenants.create(new Http(server.base()), ADMIN_KEY, "UTC", "ingest");
            EventBatches batches = new EventBatches(64, config.batchSize(), Instant.now(), config.spreadSeconds(),
                    31L * run + store.hashCode());
            System.out.printf(Locale.ROOT, "[%s run %d] server pid %d on port %d; events average %.0f bytes, "
                            + "a request body %.0f kB%n", store, run, server.pid(), server.port,
                    batches.averageEventBytes(), batches.averageEventBytes() * config.batchSize() / 1024);
            int pgPort = pgUrl == null ? -1 : URI.create(pgUrl.substring("jdbc:".length())).getPort();
            Result result = load(config, store, run, server, tenant.key(), batches, pgPort);
            int exit = server.stop(Duration.ofSeconds(60));
            if (exit != 0 && exit != 143) System.out.println("warning: server exit code " + exit + ", see " + server.log);
            long stored = store.equals("duckdb") ? countDuckDb(work.resolve("data/convolens.duckdb")) : countPostgres(pgUrl);
            if (stored != result.acceptedTotal()) {
                throw new IllegalStateException(store + ": the store holds " + stored + " events but "
                        + result.acceptedTotal() + " were acknowledged as accepted");
            }
            Files.createDirectories(config.outDir());
            Files.copy(server.log, config.outDir().resolve("server-" + store + "-" + run + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            deleteTree(work);
            return result.withStoredRows(stored);
        } catch (Exception | Error e) {
            System.out.println("run failed; the server log is kept at " + server.log);
            throw e;
        } finally {
            server.close();
        }
    }

    /** Per client thread: what it sent and how long each measured request took. */
    private static final class ClientStats {
        long acceptedTotal, duplicates, rejected, windowEvents, retries;
        long[] latencies = new long[1024];
        int count;

        void latency(long nanos) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = nanos;
        }
    }

    private static Result load(Config config, String store, int run, ServerProcess server, String key,
            EventBatches batches, int pgPort) throws Exception {
        // HTTP/1.1 with one keep-alive connection per client thread, as SDKs and collectors send; no h2c upgrade try
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(server.base() + "/api/events");
        long begin = System.nanoTime();
        long measureFrom = begin + config.warmup().toNanos();
        long measureTo = measureFrom + config.measure().toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ClientStats[] stats = new ClientStats[config.clients()];
        Thread[] threads = new Thread[config.clients()];
        for (int i = 0; i < threads.length; i++) {
            ClientStats s = stats[i] = new ClientStats();
            threads[i] = new Thread(() -> {
                try {
                    while (failure.get() == null) {
                        byte[] body = batches.next();
                        long start = System.nanoTime();
                        if (start >= measureTo) break;
                        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        long end = System.nanoTime();
                        if (r.statusCode() == 503) {
                            // back-pressure from a full ingest queue: honour it as a client should
                            s.retries++;
                            Thread.sleep(Math.min(1000, 1000L * Long.parseLong(
                                    r.headers().firstValue("Retry-After").orElse("1"))));
                            continue;
                        }
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
                        }
                        JsonNode answer = JSON.readTree(r.body());
                        int accepted = answer.get("accepted").asInt();
                        s.acceptedTotal += accepted;
                        s.duplicates += answer.get("duplicates").asInt();
                        s.rejected += answer.get("rejected").size();
                        if (end >= measureFrom && end < measureTo) {
                            s.windowEvents += accepted;
                            s.latency(end - start);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "bench-client-" + i);
        }
        for (Thread t : threads) t.start();

        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        sleepUntil(measureFrom, failure);
        Prometheus before = Prometheus.scrape(probe, server.base());
        double serverCpu0 = server.cpuSeconds(), harnessCpu0 = harnessCpuSeconds(), machine0 = ProcStat.machineBusySeconds();
        double pg0 = pgPort < 0 ? 0 : ProcStat.postgresCpuSeconds(pgPort);
        Map<String, Double> threads0 = ProcStat.cpuSecondsByThread(server.pid());
        long window0 = System.nanoTime();
        sleepUntil(measureTo, failure);
        Prometheus after = Prometheus.scrape(probe, server.base());
        double serverCpu1 = server.cpuSeconds(), harnessCpu1 = harnessCpuSeconds(), machine1 = ProcStat.machineBusySeconds();
        double pg1 = pgPort < 0 ? 0 : ProcStat.postgresCpuSeconds(pgPort);
        Map<String, Double> threads1 = ProcStat.cpuSecondsByThread(server.pid());
        double windowSeconds = (System.nanoTime() - window0) / 1e9;
        for (Thread t : threads) t.join(120_000);
        if (failure.get() != null) throw new IllegalStateException("a client failed", failure.get());

        long acceptedTotal = 0, duplicates = 0, rejected = 0, windowEvents = 0, retries = 0;
        List<long[]> all = new ArrayList<>();
        int n = 0;
        for (ClientStats s : stats) {
            acceptedTotal += s.acceptedTotal;
            duplicates += s.duplicates;
            rejected += s.rejected;
            windowEvents += s.windowEvents;
            retries += s.retries;
            all.add(Arrays.copyOf(s.latencies, s.count));
            n += s.count;
        }
        long[] latencies = new long[n];
        int at = 0;
        for (long[] l : all) {
            System.arraycopy(l, 0, latencies, at, l.length);
            at += l.length;
        }
        Arrays.sort(latencies);

        Prometheus end = Prometheus.scrape(probe, server.base());
        long peakRss = server.peakRssKb();
        if (duplicates != 0 || rejected != 0) {
            throw new IllegalStateException("every event is new and valid, yet the server answered " + duplicates
                    + " duplicates and " + rejected + " rejections");
        }
        if ((long) end.acceptedEvents() != acceptedTotal || end.duplicateEvents() != 0 || end.rejectedEvents() != 0) {
            throw new IllegalStateException("the server counted " + (long) end.acceptedEvents() + " accepted, "
                    + (long) end.duplicateEvents() + " duplicate, " + (long) end.rejectedEvents()
                    + " rejected events; the clients were told " + acceptedTotal + " accepted");
        }
        double commits = after.commits() - before.commits();
        double serverAccepted = after.acceptedEvents() - before.acceptedEvents();
        return new Result(store, run, config.clients(), config.batchSize(),
                windowEvents / (config.measure().toNanos() / 1e9),
                serverAccepted / windowSeconds,
                percentileMs(latencies, 0.50), percentileMs(latencies, 0.95), percentileMs(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6,
                commits == 0 ? Double.NaN : (after.commitSeconds() - before.commitSeconds()) / commits * 1000,
                Prometheus.commitQuantileBound(before, after, 0.99) * 1000,
                commits == 0 ? Double.NaN : serverAccepted / commits,
                peakRss,
                (serverCpu1 - serverCpu0) / windowSeconds,
                (harnessCpu1 - harnessCpu0) / windowSeconds,
                (machine1 - machine0) / windowSeconds,
                (pg1 - pg0) / windowSeconds,
                threadSummary(threads0, threads1, windowSeconds),
                acceptedTotal, -1, retries);
    }

    /** The server's busiest thread groups over the window, in cores. */
    private static String threadSummary(Map<String, Double> from, Map<String, Double> to, double seconds) {
        return to.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - from.getOrDefault(e.getKey(), 0.0)) / seconds))
                .filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static void sleepUntil(long nanoTime, AtomicReference<Throwable> failure) throws InterruptedException {
        while (System.nanoTime() < nanoTime && failure.get() == null) {
            Thread.sleep(Math.max(1, Math.min(200, (nanoTime - System.nanoTime()) / 1_000_000)));
        }
    }

    private static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static double harnessCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** The server opens its sessions later, so a database-level setting reaches every one of them. */
    private static void synchronousCommitOn(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            String db;
            try (ResultSet rs = st.executeQuery("SELECT current_database()")) {
                rs.next();
                db = rs.getString(1);
            }
            // the embedded server defaults to off; on is PostgreSQL's default and what a deployment runs
            st.execute("ALTER DATABASE \"" + db + "\" SET synchronous_commit = on");
        }
    }

    private static long countPostgres(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Opened only after the server stopped: DuckDB lets one process at a time hold the file. */
    private static long countDuckDb(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String line(Result r) {
        return String.format(Locale.ROOT, "[%s run %d] %,.0f events/s (server counter %,.0f/s), request p50/p95/p99 "
                        + "%.0f/%.0f/%.0f ms (max %.0f), commit avg %.1f ms (p99 <= %.0f ms, %.0f events each), "
                        + "peak RSS %d MB, CPU cores: server %.2f, harness %.2f, PostgreSQL %.2f, other processes %.2f; "
                        + "%,d stored = %,d acknowledged, %d retries%n    server threads (cores): %s",
                r.store(), r.run(), r.eventsPerSecond(),
                r.serverEventsPerSecond(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs(), r.avgCommitMs(),
                r.commitP99BoundMs(), r.eventsPerCommit(), r.peakRssKb() / 1024, r.serverCores(), r.harnessCores(),
                r.postgresCores(), r.otherCores(), r.storedRows(), r.acceptedTotal(), r.retries(),
                r.serverThreads());
    }

    private static String report(Config config, String machine, List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine).append("\n\n");
        md.append(String.format(Locale.ROOT, "Warm-up %d s, measured %d s, %d client threads, %d events per request, "
                        + "timestamps spread over %d s, server JVM args: %s, PostgreSQL synchronous_commit %s%s%n%n",
                config.warmup().toSeconds(), config.measure().toSeconds(), config.clients(), config.batchSize(),
                config.spreadSeconds(),
                config.serverJvmArgs().isEmpty() ? "(none)" : String.join(" ", config.serverJvmArgs()),
                config.pgSynchronousCommit() ? "on" : "off",
                config.pgUrlParams().isEmpty() ? "" : ", PostgreSQL URL parameters " + config.pgUrlParams()));
        md.append("| store | run | clients | batch | events/s | request p50 / p95 / p99 ms | avg commit ms "
                + "(p99 bucket) | events per commit | peak RSS MB | CPU cores: server / harness / PostgreSQL / "
                + "other processes |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %,.0f | %.0f / %.0f / %.0f | %.1f (≤ %.0f) "
                            + "| %.0f | %d | %.2f / %.2f / %s / %.2f |%n", r.store(), r.run(), r.clients(), r.batchSize(),
                    r.eventsPerSecond(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.avgCommitMs(), r.commitP99BoundMs(),
                    r.eventsPerCommit(), r.peakRssKb() / 1024, r.serverCores(), r.harnessCores(),
                    r.store().equals("postgres") ? String.format(Locale.ROOT, "%.2f", r.postgresCores()) : "–",
                    r.otherCores()));
        }
        md.append("\nBest run per store:\n\n");
        results.stream().map(Result::store).distinct().forEach(store -> results.stream()
                .filter(r -> r.store().equals(store)).max(Comparator.comparingDouble(Result::eventsPerSecond))
                .ifPresent(best -> md.append("- ").append(line(best)).append('\n')));
        return md.toString();
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GB RAM, %s %s, Linux %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.version"));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
