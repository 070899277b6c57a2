package dev.convolens.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.convolens.event.Event;
import dev.convolens.facts.FactStore;
import dev.convolens.facts.TestFactStores;
import dev.convolens.rollup.BenchRollups;
import dev.convolens.rollup.Granularity;
import dev.convolens.rollup.Period;
import dev.convolens.rollup.RollupFamily;
import dev.convolens.storage.JdbcEventStore;
import dev.convolens.storage.SqlDialect;
import dev.convolens.support.Postgres;
import dev.convolens.support.TestStore;
import dev.convolens.tenant.Tenant;
import dev.convolens.tenant.TenantSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark, not a test: read latency of the query API (issue #4) on a store holding N events of T tenants over the
 * last D days, DuckDB and PostgreSQL. Runs only with the {@code bench-query} Maven profile (BENCHMARKS.md, "Query
 * latency").
 *
 * <p>Per store: (1) the packaged server starts on a fresh data dir / database, the harness creates the tenants
 * (timezones Europe/Berlin, America/New_York, Asia/Kolkata, UTC in turn) and a read key each through the API, and the
 * server stops; (2) the harness loads the events in time order through {@link JdbcEventStore#append} (the service's
 * write path) in commits of {@code bench.commitEvents}, computes the conversation and live-chat facts with the
 * service's {@link FactStore} (once per tenant, over all its conversations), and backfills every rollup family the
 * service runs as a job over every period of the D days up to now with the families' own {@code recompute} (what
 * {@code POST /api/jobs/{name}/run?from&to} calls), two tenants at a time; (3) the server starts again on that store
 * with its production settings (jobs and monitors on), runs {@code tenant_stats} once, and the harness measures
 * GET requests from C concurrent clients for random tenants.
 */
public final class QueryBenchmark {
    static final String ADMIN_KEY = "bench-query-admin";
    static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"};
    static final String[] CHANNELS = {"webchat", "whatsapp", "messenger", "email", "sms"};
    static final String[] BOTS = {"sales-assistant", "support-bot", "billing-bot"};
    static final String[] INTENTS = {"billing", "refund", "shipping", "login", "pricing", "other"};
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    record BenchTenant(Tenant tenant, String readKey, double weight) {}

    record Endpoint(String name, String path) {}

    record StoreRun(String store, Path work, String pgUrl, List<String> storeArgs, List<BenchTenant> tenants,
            StringBuilder report) {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(prop("bench.jar", "target/convolens-server.jar")).toAbsolutePath();
        Path outDir = Path.of(prop("bench.outDir", "target/bench")).toAbsolutePath();
        List<String> stores = Arrays.asList(prop("bench.stores", "duckdb,postgres").split(","));
        long events = Long.parseLong(prop("bench.events", "20000000"));
        int tenantCount = Integer.parseInt(prop("bench.tenants", "100"));
        int days = Integer.parseInt(prop("bench.days", "30"));
        int commitEvents = Integer.parseInt(prop("bench.commitEvents", "100000"));
        int[] clients = Arrays.stream(prop("bench.clients", "1,4").split(",")).mapToInt(Integer::parseInt).toArray();
        int requests = Integer.parseInt(prop("bench.requests", "1000"));
        int warmup = Integer.parseInt(prop("bench.warmup", "300"));
        int loadThreads = Integer.parseInt(prop("bench.loadThreads", "2"));
        String metric = prop("bench.metric", "messages.inbound");
        List<String> serverJvm = splitArgs(prop("bench.serverJvmArgs", ""));
        Files.createDirectories(outDir);
        StringBuilder report = new StringBuilder();
        report.append("# Query latency benchmark ").append(Instant.now()).append("\n\n").append(String.format(
                "%,d events, %d tenants, %d days, commits of %,d events, %d requests per cell, clients %s, cpus %d%n%n",
                events, tenantCount, days, commitEvents, requests, Arrays.toString(clients),
                Runtime.getRuntime().availableProcessors()));
        // bench.resume=<duckdb work dir>,<postgres work dir>,<postgres url>: finish an interrupted population (facts
        // and rollups; DuckDB's hourly rollups copied from PostgreSQL), then measure both
        String resume = prop("bench.resume", "");
        if (!resume.isBlank()) {
            String[] parts = resume.split(",");
            resume(Path.of(parts[0]).toAbsolutePath(), Path.of(parts[1]).toAbsolutePath(), parts[2], loadThreads, report);
            measureAgain("postgres", Path.of(parts[1]).toAbsolutePath(), parts[2], jar, serverJvm, clients, requests, warmup,
                    metric, outDir, report);
            measureAgain("duckdb", Path.of(parts[0]).toAbsolutePath(), null, jar, serverJvm, clients, requests, warmup,
                    metric, outDir, report);
            System.out.println(report);
            System.exit(0);
        }
        // bench.copyRollups=<duckdb work dir>,<postgres url>: DuckDB's rollup tables from PostgreSQL's, spot-checked
        String copyRollups = prop("bench.copyRollups", "");
        if (!copyRollups.isBlank()) {
            String[] parts = copyRollups.split(",");
            Path duckWork = Path.of(parts[0]).toAbsolutePath();
            TestStore pgStore = TestStore.postgres(parts[1]);
            TestStore duckStore = TestStore.duckDb(duckWork.resolve("data"));
            StringBuilder note = new StringBuilder();
            try (HikariDataSource pg = pgStore.open(); HikariDataSource duck = duckStore.open()) {
                copyRollups(pg, duck, duckStore.dialect(), families(duck, duckStore.dialect()), duckWork, firstHour(pg),
                        Instant.now(), note);
            }
            Files.writeString(duckWork.resolve("population.txt"), note, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            System.exit(0);
        }
        // bench.measure=<store>,<work dir>[,<postgres url>]: measure a populated store, nothing loaded
        String measureOnly = prop("bench.measure", "");
        if (!measureOnly.isBlank()) {
            String[] parts = measureOnly.split(",");
            measureAgain(parts[0], Path.of(parts[1]).toAbsolutePath(), parts.length > 2 ? parts[2] : null, jar, serverJvm,
                    clients, requests, warmup, metric, outDir, report);
            System.out.println(report);
            System.exit(0);
        }
        // bench.reuse=<work dir of an earlier DuckDB run>: measure that populated store again, nothing loaded
        String reuse = prop("bench.reuse", "");
        if (!reuse.isBlank()) {
            measureAgain("duckdb", Path.of(reuse).toAbsolutePath(), null, jar, serverJvm, clients, requests, warmup, metric,
                    outDir, report);
            System.exit(0);
        }

        // 1. per store: tenants and read keys through the API, on a fresh data dir / database
        Map<String, StoreRun> runs = new LinkedHashMap<>();
        for (String store : stores) {
            Path work = outDir.resolve("query-" + store + "-" + STAMP.format(Instant.now()));
            Files.createDirectories(work.resolve("data"));
            String pgUrl = store.equals("postgres") ? Postgres.newDatabase() : null;
            List<String> storeArgs = new ArrayList<>(List.of("--convolens.data-dir=" + work.resolve("data")));
            if (pgUrl != null) {
                storeArgs.addAll(List.of("--convolens.store=postgres", "--spring.datasource.url=" + pgUrl,
                        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
            }
            log(store + ": work dir " + work + (pgUrl == null ? "" : ", " + pgUrl));
            List<BenchTenant> tenants;
            try (ServerProcess server = ServerProcess.start(jar, serverJvm, storeArgs, ADMIN_KEY, work)) {
                server.awaitHealthy(Duration.ofMinutes(3));
                tenants = createTenants(server, tenantCount);
                server.stop(Duration.ofSeconds(60));
            }
            Files.move(work.resolve("server.log"), work.resolve("server-setup.log"));
            runs.put(store, new StoreRun(store, work, pgUrl, storeArgs, tenants, new StringBuilder()));
        }

        // 2. events, facts, rollups in the harness (DuckDB: one writer process at a time), all stores at once
        Instant now = Instant.now();
        Map<String, Future<Populated>> populating = new LinkedHashMap<>();
        ExecutorService stores2 = Executors.newFixedThreadPool(runs.size());
        for (StoreRun run : runs.values()) {
            boolean copyHourly = run.store().equals("duckdb") && runs.containsKey("postgres");
            populating.put(run.store(), stores2.submit(() -> populate(run.store(), run.work().resolve("data"), run.pgUrl(),
                    run.tenants(), events, days, commitEvents, loadThreads, now, copyHourly, run.report())));
        }
        Map<String, Populated> populated = new LinkedHashMap<>();
        for (var e : populating.entrySet()) populated.put(e.getKey(), e.getValue().get());
        stores2.shutdown();
        if (runs.containsKey("duckdb") && runs.containsKey("postgres")) {
            StoreRun duck = runs.get("duckdb");
            TestStore pgStore = TestStore.postgres(runs.get("postgres").pgUrl());
            TestStore duckStore = TestStore.duckDb(duck.work().resolve("data"));
            try (HikariDataSource pg = pgStore.open(); HikariDataSource dd = duckStore.open()) {
                copyRollups(pg, dd, duckStore.dialect(), families(dd, duckStore.dialect()), duck.work(), firstHour(pg), now,
                        duck.report());
            }
        }

        // 3. one store at a time on the real server: cache-hit dashboard with the default TTL, the rest uncached
        for (StoreRun run : runs.values()) {
            measureStore(run, populated.get(run.store()), jar, serverJvm, clients, requests, warmup, metric, outDir, report);
        }
        System.out.println(report);
        System.exit(0);
    }

    static List<Endpoint> endpoints(String metric) {
        List<Endpoint> all = List.of(new Endpoint("dashboard", "/api/analytics/dashboard"),
                new Endpoint("timeseries " + metric + " day 30d",
                        "/api/analytics/timeseries?metric=" + metric + "&granularity=day"),
                new Endpoint("response-times 30d", "/api/analytics/response-times?period=30d"));
        // bench.endpoints=response-times: only the endpoints whose name starts with one of these (the first one is always
        // the dashboard's cache-hit run when it is included)
        String only = prop("bench.endpoints", "");
        if (only.isBlank()) return all;
        List<String> prefixes = Arrays.asList(only.split(","));
        return all.stream().filter(e -> prefixes.stream().anyMatch(e.name()::startsWith)).toList();
    }

    /** A DuckDB data dir populated by an earlier run: new read keys for its tenants, then the same measurements. */
    static void measureAgain(String store, Path work, String pgUrl, Path jar, List<String> serverJvm, int[] clients,
            int requests, int warmup, String metric, Path outDir, StringBuilder report) throws Exception {
        Path data = work.resolve("data");
        Map<String, Long> sizes = new HashMap<>();
        Map<String, String> zones = new LinkedHashMap<>();
        String pending;
        try (Connection c = pgUrl == null ? java.sql.DriverManager.getConnection("jdbc:duckdb:" + data.resolve("convolens.duckdb"))
                : java.sql.DriverManager.getConnection(pgUrl, "postgres", "postgres");
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, timezone FROM tenants ORDER BY created_at, id")) {
                while (rs.next()) zones.put(rs.getString(1), rs.getString(2));
            }
            try (ResultSet rs = st.executeQuery("SELECT tenant_id, COUNT(*) FROM events GROUP BY 1")) {
                while (rs.next()) sizes.put(rs.getString(1), rs.getLong(2));
            }
            // a job with changes it has not rolled up makes the query layer read raw events from the first of them
            try (ResultSet rs = st.executeQuery("SELECT c.rollup, COUNT(DISTINCT d.seq) FROM (SELECT DISTINCT rollup "
                    + "FROM rollup_coverage) c LEFT JOIN job_watermarks w ON w.job = c.rollup LEFT JOIN dirty_ranges d "
                    + "ON d.seq > COALESCE(w.seq, 0) GROUP BY c.rollup ORDER BY c.rollup")) {
                StringBuilder line = new StringBuilder("changes not rolled up yet, by rollup job:");
                while (rs.next()) line.append(' ').append(rs.getString(1)).append('=').append(rs.getLong(2));
                pending = line.toString();
            }
        }
        List<String> storeArgs = new ArrayList<>(List.of("--convolens.data-dir=" + data));
        if (pgUrl != null) {
            storeArgs.addAll(List.of("--convolens.store=postgres", "--spring.datasource.url=" + pgUrl,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
        }
        List<BenchTenant> tenants = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(jar, serverJvm, storeArgs, ADMIN_KEY, work)) {
            server.awaitHealthy(Duration.ofMinutes(3));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (var z : zones.entrySet()) {
                String key = field(post(http, server.base() + "/api/tenants/" + z.getKey() + "/keys", ADMIN_KEY,
                        "{\"scopes\":[\"read\"]}"), "key");
                tenants.add(new BenchTenant(new Tenant(z.getKey(), z.getKey(), ZoneId.of(z.getValue()), TenantSettings.DEFAULTS,
                        Instant.now(), Instant.now()), key, 0));
            }
            server.stop(Duration.ofSeconds(60));
        }
        Files.move(work.resolve("server.log"), work.resolve("server-keys-" + STAMP.format(Instant.now()) + ".log"));
        tenants.sort(Comparator.comparingLong((BenchTenant b) -> -sizes.getOrDefault(b.tenant().id(), 0L)));
        StringBuilder note = new StringBuilder(String.format("re-measured %s (%,d events, %d tenants)%n%s%n", work,
                sizes.values().stream().mapToLong(Long::longValue).sum(), tenants.size(), pending));
        Path notes = work.resolve("population.txt");
        if (Files.exists(notes)) note.append(Files.readString(notes));
        measureStore(new StoreRun(store, work, pgUrl, storeArgs, tenants, note), new Populated(sizes), jar, serverJvm,
                clients, requests, warmup, metric, outDir, report);
    }

    /**
     * Finishes a population that was stopped after the events (and, on DuckDB, the facts) were stored: PostgreSQL's
     * facts and every rollup family with the real code, then DuckDB's rollup tables copied from PostgreSQL and
     * spot-checked (see copyRollups).
     */
    static void resume(Path duckWork, Path pgWork, String pgUrl, int threads, StringBuilder report) throws Exception {
        Instant now = Instant.now();
        StringBuilder pgNote = new StringBuilder();
        StringBuilder duckNote = new StringBuilder();
        TestStore pgStore = TestStore.postgres(pgUrl);
        TestStore duckStore = TestStore.duckDb(duckWork.resolve("data"));
        try (HikariDataSource pg = pgStore.open(); HikariDataSource duck = duckStore.open()) {
            List<Tenant> pgTenants = tenants(pg);
            Instant start = firstHour(pg);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            // PostgreSQL facts, per tenant over all its conversations (unless an earlier resume got that far)
            boolean factsDone = !counts(pg, "conversations").endsWith(": 0 rows");
            long f0 = System.nanoTime();
            Map<String, List<String>> conversations = new HashMap<>();
            try (Connection c = pg.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT tenant_id, conversation_id FROM events WHERE type = 'conversation.started'")) {
                while (rs.next()) conversations.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
            FactStore facts = TestFactStores.jdbc(pg, Clock.systemUTC());
            List<Future<?>> futures = new ArrayList<>();
            String line;
            if (!factsDone) {
                for (Tenant t : pgTenants) {
                    futures.add(pool.submit(() -> facts.recompute(t.id(), conversations.getOrDefault(t.id(), List.of()), start)));
                }
                for (Future<?> f : futures) f.get();
                line = String.format("facts computed: %.0f s, load %s (%s)", seconds(f0), loadavg(),
                        counts(pg, "conversations", "livechats"));
                log("postgres: " + line);
                pgNote.append(line).append("\n");
                line = relayout(pg, false);
                log("postgres: " + line);
                pgNote.append(line).append("\n");
            }
            // tenants whose last hourly and daily family committed in an earlier resume are complete
            java.util.Set<String> done = new java.util.HashSet<>();
            try (Connection c = pg.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT tenant_id FROM daily_usage_metrics")) {
                while (rs.next()) done.add(rs.getString(1));
            }
            backfill("postgres", pg, pgStore.dialect(), pgTenants.stream().filter(t -> !done.contains(t.id())).toList(),
                    families(pg, pgStore.dialect()), start, now, pool, pgNote);
            pgNote.append(counts(pg, "dirty_ranges", "job_watermarks")).append("\n");

            line = relayout(duck, true);
            log("duckdb: " + line);
            duckNote.append(line).append("\n");
            copyRollups(pg, duck, duckStore.dialect(), families(duck, duckStore.dialect()), duckWork, start, now, duckNote);
            pool.shutdown();
        }
        Files.writeString(pgWork.resolve("population.txt"), pgNote);
        Files.writeString(duckWork.resolve("population.txt"), duckNote);
    }

    /**
     * Facts computed once per tenant lie clustered by tenant, which the facts updater never produces: it rewrites a
     * conversation's row whenever its events arrive, so rows lie roughly in order of last activity, all tenants mixed.
     * Rewrites both fact tables in that order (PostgreSQL: then VACUUM ANALYZE, as autovacuum would have).
     */
    static String relayout(HikariDataSource ds, boolean duckdb) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String[] t : new String[][] {{"conversations", "last_activity_at"}, {"livechats", "requested_at"}}) {
                st.execute("CREATE TEMP TABLE relayout AS SELECT * FROM " + t[0] + " ORDER BY " + t[1] + ", tenant_id");
                st.execute("DELETE FROM " + t[0]);
                st.execute("INSERT INTO " + t[0] + " SELECT * FROM relayout ORDER BY " + t[1] + ", tenant_id");
                st.execute("DROP TABLE relayout");
            }
            c.commit();
            c.setAutoCommit(true);
            if (duckdb) {
                st.execute("CHECKPOINT");
            } else {
                for (String t : List.of("conversations", "livechats", "events")) st.execute("VACUUM (ANALYZE) " + t);
            }
        }
        return String.format("fact tables rewritten in order of last activity%s: %.0f s", duckdb ? "" :
                " (then VACUUM ANALYZE of events and facts)", seconds(t0));
    }

    /**
     * DuckDB's rollup tables as PostgreSQL's families computed them from the same events (same generator, seed and
     * clock; tenants matched by name; rows inserted hour by hour, as the jobs write them): recomputing 30 days of every
     * family for 100 tenants one (tenant, period) at a time costs DuckDB ~125-370 ms per recompute on 20M events here,
     * hours in all, against ~12 ms on PostgreSQL. The real DuckDB families then recompute a random sample of
     * (tenant, period, family), which must give exactly the copied rows.
     */
    static void copyRollups(HikariDataSource pg, HikariDataSource duck, SqlDialect dialect, List<RollupFamily> hourly,
            Path work, Instant start, Instant now, StringBuilder note) throws Exception {
        List<Tenant> pgTenants = tenants(pg);
        List<Tenant> duckTenants = tenants(duck);
        String line;
            long c0 = System.nanoTime();
            Map<String, String> byName = new HashMap<>();
            for (Tenant t : duckTenants) byName.put(t.name(), t.id());
            Map<String, String> pgToDuck = new HashMap<>();
            for (Tenant t : pgTenants) pgToDuck.put(t.id(), byName.get(t.name()));
            long copied = 0;
            for (RollupFamily f : hourly) copied += copy(pg, duck, f.table(), pgToDuck, work.resolve("copy.csv"));
            // the families record their coverage as they write; rows copied behind their back need it set here
            try (Connection c = duck.getConnection(); Statement st = c.createStatement()) {
                st.execute("DELETE FROM rollup_coverage");
                for (RollupFamily f : hourly) {
                    st.execute("INSERT INTO rollup_coverage (tenant_id, rollup, latest_period) SELECT tenant_id, '"
                            + f.table() + "', MAX(period_start) FROM " + f.table() + " GROUP BY tenant_id");
                }
            }
            line = String.format("rollup tables %s copied from PostgreSQL: %,d rows in %.0f s",
                    hourly.stream().map(RollupFamily::table).toList(), copied, seconds(c0));
            log("duckdb: " + line);
            note.append(line).append("\n");
            // spot check: the real families on DuckDB give exactly the copied rows
            Random r = new Random(7);
            int same = 0, checked = 0;
            long hours = Duration.between(start, now).toHours();
            for (int i = 0; i < 12; i++) {
                Tenant t = duckTenants.get(r.nextInt(duckTenants.size()));
                Instant h = start.plus(Duration.ofHours(24 + r.nextInt((int) hours - 48)));
                for (RollupFamily f : hourly) {
                    Period p = f.granularity().periodOf(h, f.granularity() == Granularity.HOUR ? ZoneOffset.UTC : t.timezone());
                    List<String> before = rows(duck, f.table(), t.id(), p);
                    f.recompute(t, p);
                    List<String> after = rows(duck, f.table(), t.id(), p);
                    checked++;
                    if (before.equals(after)) same++;
                    else log("differs: " + f.table() + " " + t.id() + " " + p.label() + "\n  copied   " + before + "\n  DuckDB   " + after);
                }
            }
            line = String.format("spot check: %d of %d (tenant, period, family) recomputed on DuckDB by the real "
                    + "families equal the copied rows", same, checked);
            log("duckdb: " + line);
        note.append(line).append("\n").append(counts(duck, "dirty_ranges", "job_watermarks")).append("\n");
    }

    /** The rollup families to backfill: all but those named in {@code bench.skipFamilies}. */
    static List<RollupFamily> families(HikariDataSource ds, SqlDialect dialect) {
        List<String> skip = Arrays.asList(prop("bench.skipFamilies", "").split(","));
        return BenchRollups.all(ds, dialect).stream().filter(f -> !skip.contains(f.jobName())).toList();
    }

    static List<Tenant> tenants(HikariDataSource ds) throws Exception {
        List<Tenant> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, name, timezone FROM tenants ORDER BY id")) {
            while (rs.next()) {
                out.add(new Tenant(rs.getString(1), rs.getString(2), ZoneId.of(rs.getString(3)), TenantSettings.DEFAULTS,
                        Instant.now(), Instant.now()));
            }
        }
        return out;
    }

    static Instant firstHour(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MIN(ts) FROM events")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS);
        }
    }

    static List<String> rows(HikariDataSource ds, String table, String tenant, Period p) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table
                + " WHERE tenant_id = ? AND period_start = ?")) {
            ps.setString(1, tenant);
            ps.setObject(2, p.from().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof Number num) v = String.format(Locale.ROOT, "%.6f", num.doubleValue());
                        if (v instanceof java.time.OffsetDateTime t) v = t.toInstant();
                        row.append(v).append('|');
                    }
                    out.add(row.toString());
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Every row of the table from PostgreSQL into DuckDB (tenant ids mapped), replacing DuckDB's rows. */
    static long copy(HikariDataSource pg, HikariDataSource duck, String table, Map<String, String> tenantMap, Path csv)
            throws Exception {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (Connection c = duck.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    types.add(rs.getString(2));
                }
            }
        }
        long n = 0;
        try (Connection c = pg.getConnection(); Statement st = c.createStatement();
                java.io.BufferedWriter w = Files.newBufferedWriter(csv)) {
            c.setAutoCommit(false);
            st.setFetchSize(50_000);
            w.write(String.join(",", columns));
            w.newLine();
            // in the order the hourly jobs write them: hour by hour, every tenant's rows of that hour together
            try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table
                    + " ORDER BY period_start, tenant_id")) {
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        if (i > 1) w.write(',');
                        Object v = rs.getObject(i);
                        if (columns.get(i - 1).equals("tenant_id")) v = tenantMap.get((String) v);
                        if (v instanceof java.time.OffsetDateTime t) v = t.toInstant();
                        if (v != null) w.write('"' + v.toString().replace("\"", "\"\"") + '"');
                    }
                    w.newLine();
                    n++;
                }
            }
            c.commit();
        }
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) select.append(", ");
            select.append("CAST(\"").append(columns.get(i)).append("\" AS ").append(types.get(i)).append(")");
        }
        try (Connection c = duck.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("DELETE FROM " + table);
            st.execute("INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + select + " FROM read_csv('"
                    + csv + "', header = true, all_varchar = true)");
            c.commit();
        }
        Files.delete(csv);
        return n;
    }

    /** Every family, every period of [start, now) for every tenant, one transaction per tenant and family. */
    static void backfill(String store, HikariDataSource ds, SqlDialect dialect, List<Tenant> tenants,
            List<RollupFamily> families, Instant start, Instant now, ExecutorService pool, StringBuilder note)
            throws Exception {
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(ds));
        Map<String, AtomicLong> nanosByFamily = new ConcurrentHashMap<>();
        Map<String, AtomicLong> rowsByFamily = new ConcurrentHashMap<>();
        AtomicInteger periodsDone = new AtomicInteger();
        long r0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (Tenant t : tenants) {
            futures.add(pool.submit(() -> {
                for (RollupFamily family : families) {
                    long n0 = System.nanoTime();
                    ZoneId zone = family.granularity() == Granularity.HOUR ? ZoneOffset.UTC : t.timezone();
                    List<Period> periods = family.granularity().covering(start, now, zone).stream()
                            .filter(p -> p.from().isBefore(now)).toList();
                    Long written = tx.execute(status -> {
                        long n = 0;
                        for (Period p : periods) {
                            n += family.recompute(t, p);
                            periodsDone.incrementAndGet();
                        }
                        return n;
                    });
                    nanosByFamily.computeIfAbsent(family.jobName(), k -> new AtomicLong()).addAndGet(System.nanoTime() - n0);
                    rowsByFamily.computeIfAbsent(family.jobName(), k -> new AtomicLong()).addAndGet(written == null ? 0 : written);
                }
                return null;
            }));
        }
        int done = 0;
        for (Future<?> f : futures) {
            f.get();
            if (++done % 10 == 0) {
                log(String.format("%s: rollups of %d tenants done, %,d periods, %.0f s, load %s", store, done,
                        periodsDone.get(), seconds(r0), loadavg()));
            }
        }
        String line = String.format("rollups backfilled: %,d (tenant, period, family) recomputes in %.0f s on 2 threads, load %s",
                periodsDone.get(), seconds(r0), loadavg());
        log(store + ": " + line);
        note.append(line).append("\n");
        for (RollupFamily f : families) {
            note.append(String.format("  %-28s %8.1f s thread time, %,10d rows%n", f.jobName(),
                    nanosByFamily.get(f.jobName()).get() / 1e9, rowsByFamily.get(f.jobName()).get()));
        }
    }

    static void measureStore(StoreRun run, Populated pop, Path jar, List<String> serverJvm, int[] clients, int requests,
            int warmup, String metric, Path outDir, StringBuilder report) throws Exception {
        List<Endpoint> endpoints = endpoints(metric);
        {
            String store = run.store();
            Path work = run.work();
            List<BenchTenant> tenants = run.tenants();
            StringBuilder out = report.append("## ").append(store).append("\n\n```\n").append(run.report()).append("```\n\n");
            BenchTenant biggest = tenants.get(0);
            if (endpoints.get(0).name().equals("dashboard")) try (ServerProcess server = ServerProcess.start(jar, serverJvm,
                    run.storeArgs(), ADMIN_KEY, work)) {
                server.awaitHealthy(Duration.ofMinutes(3));
                settle(server);
                measure(server, endpoints.get(0), tenants, 2, warmup, null, false);
                // every tenant's dashboard once (fills the cache), then hits only, well within the 60 s TTL
                measure(server, endpoints.get(0), tenants, 1, tenants.size(), null, true);
                out.append("| endpoint (default 60 s cache, all hits) | clients | requests | p50 | p95 | p99 | max | req/s | load avg before → after |\n");
                out.append("|---|---|---|---|---|---|---|---|---|\n");
                out.append(row("dashboard (cache hit)", 4, measure(server, endpoints.get(0), tenants, 4,
                        Math.max(requests, 2000), Duration.ofSeconds(30), false)));
                server.stop(Duration.ofSeconds(60));
            }
            if (Files.exists(work.resolve("server.log"))) {
                Files.move(work.resolve("server.log"), work.resolve("server-hits.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> uncached = new ArrayList<>(run.storeArgs());
            uncached.add("--convolens.query.dashboard-cache-ttl=0s");
            try (ServerProcess server = ServerProcess.start(jar, serverJvm, uncached, ADMIN_KEY, work)) {
                server.awaitHealthy(Duration.ofMinutes(3));
                settle(server);
                for (Endpoint e : endpoints) measure(server, e, tenants, 2, warmup, null, false);
                sample(server, endpoints, biggest, work);
                out.append("\n| endpoint (dashboard uncached), random tenants | clients | requests | p50 | p95 | p99 | max | req/s | load avg before → after |\n");
                out.append("|---|---|---|---|---|---|---|---|---|\n");
                for (int c : clients) {
                    for (Endpoint e : endpoints) out.append(row(e.name(), c, measure(server, e, tenants, c, requests, null, false)));
                }
                out.append("\n| endpoint, biggest tenant only (" + biggest.tenant().timezone()
                        + String.format(", %,d events", pop.eventsOf(biggest))
                        + ") | clients | requests | p50 | p95 | p99 | max | req/s | load avg before → after |\n");
                out.append("|---|---|---|---|---|---|---|---|---|\n");
                for (Endpoint e : endpoints) {
                    out.append(row(e.name(), 1, measure(server, e, List.of(biggest), 1, Math.max(100, requests / 4), null, false)));
                }
                out.append(String.format("%nserver CPU seconds over the run: %.1f, peak RSS %,d MB%n", server.cpuSeconds(),
                        server.peakRssKb() / 1024));
                server.stop(Duration.ofSeconds(60));
            }
            out.append("\n");
            Path file = outDir.resolve("query-" + STAMP.format(Instant.now()) + ".md");
            Files.writeString(file, report);
            log("report so far: " + file);
        }
    }

    // ---- population ----

    record Populated(Map<String, Long> eventsByTenant) {
        long eventsOf(BenchTenant t) {
            return eventsByTenant.getOrDefault(t.tenant().id(), 0L);
        }
    }

    static Populated populate(String store, Path dataDir, String pgUrl, List<BenchTenant> tenants, long target, int days,
            int commitEvents, int threads, Instant now, boolean rollupsFromPostgres, StringBuilder report) throws Exception {
        TestStore ts = pgUrl == null ? TestStore.duckDb(dataDir) : TestStore.postgres(pgUrl);
        Instant end = now.minus(Duration.ofMinutes(2));
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
        Map<String, Long> perTenant = new HashMap<>();
        try (HikariDataSource ds = ts.open()) {
            SqlDialect dialect = ts.dialect();
            JdbcEventStore store2 = new JdbcEventStore(ds, dialect);
            FactStore facts = TestFactStores.jdbc(ds, Clock.systemUTC());
            // tenant weights: w_i ~ 1 / (i + 1)^0.7, i.e. a few big tenants, many small
            double[] cumulative = new double[tenants.size()];
            double sum = 0;
            for (int i = 0; i < tenants.size(); i++) cumulative[i] = (sum += tenants.get(i).weight());
            Map<String, List<String>> conversations = new HashMap<>();
            Random random = new Random(42);
            long stored = 0;
            long span = Duration.between(start, end.minus(Duration.ofMinutes(8))).toMillis();
            List<Event> batch = new ArrayList<>(commitEvents + 64);
            Instant received = Instant.now();
            long lastAppend = System.nanoTime();
            long t0 = System.nanoTime();
            long c = 0;
            while (stored + batch.size() < target) {
                double pick = random.nextDouble() * sum;
                int ti = Arrays.binarySearch(cumulative, pick);
                ti = ti >= 0 ? ti : Math.min(tenants.size() - 1, -ti - 1);
                Tenant t = tenants.get(ti).tenant();
                // conversations spread evenly over the days, in start order
                Instant s = start.plusMillis((long) (span * Math.min(1.0, (double) (stored + batch.size()) / target)));
                String id = "c" + c++;
                int before = batch.size();
                conversation(batch, t, id, s, random, received);
                perTenant.merge(t.id(), (long) (batch.size() - before), Long::sum);
                conversations.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(id);
                if (batch.size() >= commitEvents) {
                    store2.append(batch);
                    lastAppend = System.nanoTime();
                    received = Instant.now();
                    stored += batch.size();
                    batch.clear();
                    if ((stored / commitEvents) % 20 == 0) {
                        log(String.format("%s: %,d events stored (%.0f/s), load %s", store, stored,
                                stored / seconds(t0), loadavg()));
                    }
                }
            }
            if (!batch.isEmpty()) {
                store2.append(batch);
                lastAppend = System.nanoTime();
                stored += batch.size();
            }
            double loadS = seconds(t0);
            String line = String.format("events stored: %,d (%,d conversations) in %.0f s, %.0f events/s, load %s",
                    stored, c, loadS, stored / loadS, loadavg());
            log(store + ": " + line);
            report.append(line).append("\n");
            List<BenchTenant> sized = new ArrayList<>(tenants);
            sized.sort(Comparator.comparingLong((BenchTenant b) -> -perTenant.getOrDefault(b.tenant().id(), 0L)));
            report.append(String.format("tenant sizes: biggest %,d events, median %,d, smallest %,d%n",
                    perTenant.get(sized.get(0).tenant().id()), perTenant.get(sized.get(sized.size() / 2).tenant().id()),
                    perTenant.get(sized.get(sized.size() - 1).tenant().id())));

            // facts, once per tenant over all its conversations (what the facts updater computes, in bigger pieces)
            long f0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (BenchTenant bt : sized) {
                List<String> ids = conversations.getOrDefault(bt.tenant().id(), List.of());
                futures.add(pool.submit(() -> facts.recompute(bt.tenant().id(), ids, start)));
            }
            for (Future<?> f : futures) f.get();
            // the service's start-up catch-up re-reads events received within a minute of the newest fact; a facts
            // updater that kept up would have finished long before, so let that minute pass
            long wait = 61_000 - (System.nanoTime() - lastAppend) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
                facts.recompute(sized.get(sized.size() - 1).tenant().id(),
                        conversations.getOrDefault(sized.get(sized.size() - 1).tenant().id(), List.of()), start);
            }
            line = String.format("facts computed: %.0f s, load %s (%s)", seconds(f0), loadavg(),
                    counts(ds, "conversations", "livechats"));
            log(store + ": " + line);
            report.append(line).append("\n");

            line = relayout(ds, pgUrl == null);
            log(store + ": " + line);
            report.append(line).append("\n");

            // rollups: every family, every period of [start, now) for every tenant, as a backfill does (DuckDB's
            // tables, when PostgreSQL runs too, are copied from there afterwards: see copyRollups)
            List<RollupFamily> families = rollupsFromPostgres ? List.of() : families(ds, dialect);
            if (!families.isEmpty()) backfill(store, ds, dialect, sized.stream().map(BenchTenant::tenant).toList(), families, start, now, pool, report);
            pool.shutdown();
            report.append(counts(ds, "dirty_ranges", "job_watermarks")).append("\n");
        }
        return new Populated(perTenant);
    }

    /** One conversation's events (~10 on average). */
    static void conversation(List<Event> out, Tenant t, String id, Instant s, Random r, Instant received) {
        String channel = CHANNELS[r.nextInt(CHANNELS.length)];
        String bot = BOTS[r.nextInt(BOTS.length)];
        String user = "u" + r.nextInt(20_000);
        int[] n = {0};
        List<Event.Builder> evs = new ArrayList<>();
        java.util.function.BiFunction<Instant, String, Event.Builder> e = (at, type) -> {
            Event.Builder b = Event.builder().tenantId(t.id()).id(id + "-" + n[0]++).conversationId(id).type(type)
                    .timestamp(at).receivedAt(received).channel(channel).botId(bot).userId(user);
            evs.add(b);
            return b;
        };
        e.apply(s, "conversation.started");
        Instant at = s.plusSeconds(1);
        int exchanges = 1 + r.nextInt(3);
        for (int x = 0; x < exchanges; x++) {
            e.apply(at, "message.received");
            if (x == 0) e.apply(at, "intent.classified").intent(INTENTS[r.nextInt(INTENTS.length)]).value(0.3 + 0.7 * r.nextDouble());
            long rt = Math.max(80, (long) Math.exp(7.2 + 0.8 * r.nextGaussian()));
            at = at.plusMillis(rt);
            e.apply(at, "message.sent");
            e.apply(at, "response.time_recorded").durationMs(rt);
            at = at.plusSeconds(10 + r.nextInt(50));
        }
        if (r.nextInt(2) == 0) {
            e.apply(at, "llm.call").durationMs(600L + r.nextInt(1400))
                    .metadata("{\"tokens\":" + (200 + r.nextInt(800)) + ",\"costUsd\":0.002,\"model\":\"m1\"}");
        }
        if (r.nextInt(100) < 15) {
            String request = id + "-lc";
            e.apply(at, "conversation.escalated");
            e.apply(at, "livechat.requested").metadata("{\"requestId\":\"" + request + "\"}").groupId("g" + r.nextInt(3));
            if (r.nextInt(100) < 85) {
                String agent = "agent-" + r.nextInt(12);
                at = at.plusSeconds(5 + r.nextInt(90));
                e.apply(at, "livechat.accepted").metadata("{\"requestId\":\"" + request + "\"}").staffId(agent);
                at = at.plusSeconds(3 + r.nextInt(30));
                e.apply(at, "livechat.message").metadata("{\"requestId\":\"" + request + "\",\"sender\":\"agent\"}")
                        .staffId(agent);
                e.apply(at, "response.staff_sent").staffId(agent);
                at = at.plusSeconds(30 + r.nextInt(120));
                e.apply(at, "livechat.ended").metadata("{\"requestId\":\"" + request + "\"}").staffId(agent);
            } else {
                at = at.plusSeconds(120);
                e.apply(at, "livechat.missed").metadata("{\"requestId\":\"" + request + "\"}");
            }
        }
        int outcome = r.nextInt(10);
        if (outcome < 8) e.apply(at.plusSeconds(5), "conversation.resolved");
        else if (outcome == 8) e.apply(at.plusSeconds(5), "conversation.closed");
        if (r.nextInt(4) == 0) {
            int[] ratings = {1, 2, 3, 4, 4, 5, 5, 5};
            e.apply(at.plusSeconds(10), "satisfaction.rating_received").value((double) ratings[r.nextInt(ratings.length)])
                    .metadata("{\"scale\":\"csat\"}");
        }
        if (outcome == 9) {
            // what the session monitor stores for a conversation left open (its id and time), so that the first
            // server start finds nothing to close and leaves no dirty range behind the rollups computed here
            Instant last = evs.stream().map(b -> b.build().timestamp()).max(Comparator.naturalOrder()).orElseThrow();
            Instant closed = last.plus(Duration.ofMinutes(TenantSettings.DEFAULTS.sessionTimeoutMinutes()));
            if (closed.isBefore(received)) {
                evs.add(Event.builder().tenantId(t.id()).id("session-completed:" + id + ":" + last.toEpochMilli())
                        .conversationId(id).sessionId(id).type("session.completed").timestamp(closed).receivedAt(received)
                        .channel(channel).botId(bot).userId(user)
                        .metadata("{\"reason\":\"inactivity\",\"timeoutMinutes\":"
                                + TenantSettings.DEFAULTS.sessionTimeoutMinutes() + "}"));
            }
        }
        for (Event.Builder b : evs) out.add(b.build());
    }

    // ---- server side ----

    static List<BenchTenant> createTenants(ServerProcess server, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<BenchTenant> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String zone = ZONES[i % ZONES.length];
            String body = post(http, server.base() + "/api/tenants", ADMIN_KEY,
                    "{\"name\":\"Bench " + i + "\",\"timezone\":\"" + zone + "\"}");
            String id = field(body, "id");
            String key = field(post(http, server.base() + "/api/tenants/" + id + "/keys", ADMIN_KEY,
                    "{\"scopes\":[\"read\"]}"), "key");
            Tenant t = new Tenant(id, "Bench " + i, ZoneId.of(zone), TenantSettings.DEFAULTS, Instant.now(), Instant.now());
            out.add(new BenchTenant(t, key, 1.0 / Math.pow(i + 1, 0.7)));
        }
        log("created " + count + " tenants with read keys");
        return out;
    }

    /** After a start: the stats daemon's first pass done (as in a running service), nothing dirty left. */
    static void settle(ServerProcess server) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        String body = post(http, server.base() + "/api/jobs/tenant_stats/run", ADMIN_KEY, "");
        log(String.format("tenant_stats run: %.1f s: %s", seconds(t0), body.length() > 300 ? body.substring(0, 300) : body));
    }

    /** One answer per endpoint for the biggest tenant, kept for inspection (sources, shape). */
    static void sample(ServerProcess server, List<Endpoint> endpoints, BenchTenant t, Path work) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StringBuilder out = new StringBuilder();
        for (Endpoint e : endpoints) {
            HttpResponse<String> r = http.send(get(server.base() + e.path(), t.readKey()), HttpResponse.BodyHandlers.ofString());
            out.append(e.name()).append(" -> ").append(r.statusCode()).append("\n").append(r.body()).append("\n\n");
        }
        Files.writeString(work.resolve("sample-answers.txt"), out);
    }

    record Cell(int clients, int requests, long[] nanos, double seconds, String loadBefore, String loadAfter, int errors) {}

    /** {@code requests} GETs from {@code clients} threads, each for a random tenant of the list; null budget = no limit. */
    static Cell measure(ServerProcess server, Endpoint e, List<BenchTenant> tenants, int clients, int requests,
            Duration budget, boolean inOrder) throws Exception {
        long[] nanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        String loadBefore = loadavg();
        long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread th = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                int i;
                while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    BenchTenant t = tenants.get(inOrder ? i % tenants.size() : ThreadLocalRandom.current().nextInt(tenants.size()));
                    HttpRequest req = get(server.base() + e.path(), t.readKey());
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        nanos[i] = System.nanoTime() - s;
                        if (r.statusCode() != 200) {
                            if (errors.incrementAndGet() <= 3) log(e.name() + " -> " + r.statusCode() + " " + new String(r.body()));
                        }
                    } catch (IOException | InterruptedException ex) {
                        nanos[i] = System.nanoTime() - s;
                        errors.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
            }, "bench-client-" + c);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) th.join();
        double secs = seconds(t0);
        int n = done.get();
        long[] got = Arrays.copyOf(nanos, n);
        Arrays.sort(got);
        Cell cell = new Cell(clients, n, got, secs, loadBefore, loadavg(), errors.get());
        log(e.name() + " " + clients + " clients: " + summary(cell));
        return cell;
    }

    static String row(String name, int clients, Cell c) {
        return String.format(Locale.ROOT, "| %s | %d | %,d%s | %s | %s | %s | %s | %.0f | %s → %s |%n", name, clients,
                c.requests(), c.errors() > 0 ? " (" + c.errors() + " errors)" : "", ms(pct(c.nanos(), 0.50)),
                ms(pct(c.nanos(), 0.95)), ms(pct(c.nanos(), 0.99)), ms(c.nanos().length == 0 ? 0 : c.nanos()[c.nanos().length - 1]),
                c.requests() / c.seconds(), c.loadBefore(), c.loadAfter());
    }

    static String summary(Cell c) {
        return String.format(Locale.ROOT, "n=%d p50=%s p95=%s p99=%s max=%s ms, %.0f req/s, errors %d, load %s -> %s",
                c.requests(), ms(pct(c.nanos(), 0.5)), ms(pct(c.nanos(), 0.95)), ms(pct(c.nanos(), 0.99)),
                ms(c.nanos().length == 0 ? 0 : c.nanos()[c.nanos().length - 1]), c.requests() / c.seconds(), c.errors(),
                c.loadBefore(), c.loadAfter());
    }

    /** Nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms);
    }

    // ---- plumbing ----

    static HttpRequest get(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(120)).GET().build();
    }

    static String post(HttpClient http, String url, String key, String json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(30))
                .POST(json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("POST " + url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }

    static String counts(HikariDataSource ds, String... tables) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    out.append(out.length() == 0 ? "" : ", ").append(String.format("%s: %,d rows", table, rs.getLong(1)));
                }
            }
        }
        return out.toString();
    }

    static String loadavg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String prop(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static List<String> splitArgs(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void log(String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
        System.out.flush();
    }

    private QueryBenchmark() {}
}
